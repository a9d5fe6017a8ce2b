// "Copy for ticket": builds a support bundle when pressed (it may read more first) and copies it.
import { useEffect, useState } from 'react'

interface CopyTicketButtonProps {
  /** What the bundle is about, e.g. "invoices"; the button is named "Copy for ticket: invoices". */
  subject: string
  build: () => Promise<string>
}

type CopyState = 'idle' | 'copying' | 'copied' | 'failed'

/**
 * Browsers allow clipboard writes only close to the click; handing the clipboard a promise keeps
 * the click's permission while the bundle is still being read.
 */
async function copyWhenReady(text: Promise<string>): Promise<void> {
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    const blob = text.then((value) => new Blob([value], { type: 'text/plain' }))
    await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })])
    return
  }
  await navigator.clipboard.writeText(await text)
}

export function CopyTicketButton({ subject, build }: CopyTicketButtonProps) {
  const [state, setState] = useState<CopyState>('idle')
  useEffect(() => {
    if (state !== 'copied' && state !== 'failed') return
    const timer = setTimeout(() => setState('idle'), 3000)
    return () => clearTimeout(timer)
  }, [state])
  const copy = async () => {
    setState('copying')
    try {
      await copyWhenReady(build())
      setState('copied')
    } catch {
      setState('failed')
    }
  }
  return (
    <button
      type="button"
      className="small"
      onClick={() => void copy()}
      disabled={state === 'copying'}
      aria-label={`Copy for ticket: ${subject}`}
    >
      <span aria-live="polite">
        {state === 'copying'
          ? 'Gathering…'
          : state === 'copied'
            ? 'Copied for ticket'
            : state === 'failed'
              ? 'Copy failed'
              : 'Copy for ticket'}
      </span>
    </button>
  )
}
