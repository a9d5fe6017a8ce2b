// Every field of a pull operation, labelled, with copy buttons for the IDs.
import type { Company, Connection, PullOperation } from '../../api/schemas.ts'
import { CopyButton } from '../../components/copy-button.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { Timestamp } from '../../components/timestamp.tsx'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { formatAbsolute, formatDuration, type CodatDate } from '../../lib/dates.ts'
import { isInProgress } from '../../lib/status-groups.ts'
import { useNow } from '../../components/use-now.ts'

interface OperationFactsProps {
  operation: PullOperation
  company?: Company
  /** The operation's connection, once the company's connections are read. */
  connection?: Connection
}

export function OperationFacts({ operation: op, company, connection }: OperationFactsProps) {
  const now = useNow(1000)
  const isRunning = isInProgress(op.status)
  return (
    <dl className="op-facts">
      <dt>Pull operation ID</dt>
      <dd className="row">
        <code>{op.id}</code>
        <CopyButton value={op.id} label="pull operation ID" />
      </dd>
      <dt>Company</dt>
      <dd className="row">
        {company && <span>{company.name}</span>}
        <code>{op.companyId}</code>
        <CopyButton value={op.companyId} label="company ID" />
      </dd>
      <dt>Connection</dt>
      <dd className="row">
        {connection && (
          <span>
            {connection.platformName} · {connection.status}
          </span>
        )}
        <code>{op.connectionId}</code>
        <CopyButton value={op.connectionId} label="connection ID" />
      </dd>
      <dt>Data type</dt>
      <dd>
        <code>{op.dataType}</code>
      </dd>
      <dt>Status</dt>
      <dd aria-live="polite">
        <StatusBadge status={op.status} />
      </dd>
      <dt>Status description</dt>
      <dd>{op.statusDescription ?? <span className="muted">none</span>}</dd>
      <dt>Requested</dt>
      <dd>
        <When date={op.requested} />
      </dd>
      <dt>Completed</dt>
      <dd>
        {op.completed ? (
          <When date={op.completed} />
        ) : (
          <span className="muted">{isRunning ? 'not yet: still running' : 'not given'}</span>
        )}
      </dd>
      <dt>Duration</dt>
      <dd>
        {op.completed
          ? formatDuration(op.completed.epochMs - op.requested.epochMs)
          : isRunning
            ? `${formatDuration(now - op.requested.epochMs)} so far`
            : 'unknown'}
      </dd>
      <dt>Progress</dt>
      <dd className="row">
        <progress max={100} value={Math.min(100, Math.max(0, op.progress))} aria-label="Progress" />
        <span>{op.progress} %</span>
      </dd>
      {/* Codat's names mislead: isCompleted is true only for a pull that succeeded. */}
      <dt>
        Succeeded <span className="muted op-field-name">(isCompleted)</span>
      </dt>
      <dd>{op.isCompleted ? 'Yes' : isRunning ? 'Not yet' : 'No'}</dd>
      <dt>
        Ended in error <span className="muted op-field-name">(isErrored)</span>
      </dt>
      <dd>{op.isErrored ? 'Yes' : 'No'}</dd>
    </dl>
  )
}

/** The time in the chosen zone, the other zone beneath it, and how long ago. */
function When({ date }: { date: CodatDate }) {
  const { timeZone, localTimeZone } = useTimeZone()
  const otherZone = timeZone === 'UTC' ? localTimeZone : 'UTC'
  const shown = formatAbsolute(date, { timeZone, withMarker: false })
  const other = formatAbsolute(date, { timeZone: otherZone, withMarker: false })
  return (
    <span className="op-when">
      <span>
        <Timestamp date={date} /> · <RelativeTime date={date} hideMarker />
      </span>
      {other !== shown && <span className="muted">{other}</span>}
    </span>
  )
}
