// The status in plain words and the next step, e.g. "ask the business to relink".
import { Link } from '@tanstack/react-router'
import type { PullOperation } from '../../api/schemas.ts'
import { CopyButton } from '../../components/copy-button.tsx'
import { Timestamp } from '../../components/timestamp.tsx'
import { formatRelative } from '../../lib/dates.ts'
import type { LaterOutcome } from './later-outcome.ts'
import { guidanceFor } from './status-guidance.ts'
import { useNow } from '../../components/use-now.ts'

interface StatusGuidanceCalloutProps {
  operation: PullOperation
  /** The company's Link URL, for an operation the business must relink. */
  linkUrl?: string
  /** What later pulls of the same data type did, which can make this one's next step moot. */
  later?: LaterOutcome
}

export function StatusGuidanceCallout({ operation, linkUrl, later }: StatusGuidanceCalloutProps) {
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
      {later ? (
        <p>
          <strong>Next step:</strong> {later.text}{' '}
          {later.latestId && (
            <Link
              to="/companies/$companyId/operations/$datasetId"
              params={{ companyId: operation.companyId, datasetId: later.latestId }}
            >
              Open the newest {operation.dataType} pull
            </Link>
          )}
        </p>
      ) : (
        <p>
          <strong>Next step:</strong>{' '}
          {hasPauseEnded ? 'The pause is over: refresh this data type.' : next.text}
        </p>
      )}
      {!later &&
        next.kind === 'wait' &&
        (next.until ? (
          <p>
            Paused until{' '}
            <strong>
              <Timestamp date={next.until} />
            </strong>{' '}
            (
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
      {!later && next.kind === 'relink' && linkUrl && (
        <p className="row">
          <span>Link URL to send the business:</span>
          <code className="op-break">{linkUrl}</code>
          <CopyButton value={linkUrl} label="Link URL" />
        </p>
      )}
    </div>
  )
}
