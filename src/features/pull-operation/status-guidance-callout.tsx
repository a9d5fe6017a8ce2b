// The status in plain words and the next step, e.g. "ask the business to relink".
import type { PullOperation } from '../../api/schemas'
import { CopyButton } from '../../components/copy-button'
import { formatAbsolute, formatRelative } from '../../lib/dates'
import { guidanceFor } from './status-guidance'
import { useNow } from './use-now'

interface StatusGuidanceCalloutProps {
  operation: PullOperation
  /** The company's Link URL, for an operation the business must relink. */
  linkUrl?: string
}

export function StatusGuidanceCallout({ operation, linkUrl }: StatusGuidanceCalloutProps) {
  const now = useNow(15_000)
  const { tone, meaning, next } = guidanceFor(operation)
  const hasPauseEnded =
    next.kind === 'wait' && next.until !== undefined && next.until.epochMs <= now
  return (
    <div className="callout op-guidance" data-tone={tone} aria-labelledby="guidance-title">
      <h2 id="guidance-title" className="op-guidance-title">
        What this means
      </h2>
      <p>{meaning}</p>
      <p>
        <strong>Next step:</strong>{' '}
        {hasPauseEnded ? 'The pause is over: refresh this data type.' : next.text}
      </p>
      {next.kind === 'wait' &&
        (next.until ? (
          <p>
            Paused until <strong>{formatAbsolute(next.until)}</strong> (
            {next.until.epochMs > now
              ? formatRelative(next.until.epochMs, now)
              : `ended ${formatRelative(next.until.epochMs, now)}`}
            ).
          </p>
        ) : (
          next.said && (
            <p>
              Codat says: <q>{next.said}</q>
            </p>
          )
        ))}
      {next.kind === 'relink' && linkUrl && (
        <p className="row">
          <span>Link URL to send the business:</span>
          <code className="op-break">{linkUrl}</code>
          <CopyButton value={linkUrl} label="Link URL" />
        </p>
      )}
    </div>
  )
}
