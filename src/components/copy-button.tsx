// Copies a value (an ID, a ticket bundle) to the clipboard and says so, for screen readers too.
import { useEffect, useState } from 'react'

interface CopyButtonProps {
  value: string
  /** What is copied, e.g. "company ID"; the button reads "Copy company ID". */
  label: string
  className?: string
}

export function CopyButton({ value, label, className }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value)
      setState('copied')
    } catch {
      // Clipboard access needs a secure context and permission; say so instead of failing silently.
      setState('failed')
    }
  }
  return (
    <button
      type="button"
      className={className ?? 'copy-button'}
      onClick={() => void copy()}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
    >
      <span aria-live="polite" className="copy-state">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copy failed: select and copy'
            : 'Copy'}
      </span>
    </button>
  )
}
