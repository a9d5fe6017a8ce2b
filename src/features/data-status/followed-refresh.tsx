// A refresh followed to its end: the queued pull until it finishes, or every data type a
// "Refresh all" queued, then how it ended, in the same announced region.
import { useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { refreshQueries } from '../../api/refresh-data.ts'
import type { DataStatus, PullOperation } from '../../api/schemas.ts'
import { StatusBadge } from '../../components/status-badge.tsx'
import { formatDuration } from '../../lib/dates.ts'
import { isInProgress, statusGroup } from '../../lib/status-groups.ts'

export type FollowedTone = 'ok' | 'info' | 'warn' | 'error'
type Render = (tone: FollowedTone, children: ReactNode) => ReactNode

interface FollowedOperationProps {
  companyId: string
  feedback: { dataType: string; operation: PullOperation; connectionLabel?: string }
  render: Render
}

export function FollowedOperation({ companyId, feedback, render }: FollowedOperationProps) {
  // Polls while the pull runs; the queue call's answer seeds it.
  const query = useQuery(refreshQueries.operation(companyId, feedback.operation.id))
  const operation = query.data ?? feedback.operation
  const { dataType } = feedback
  const on = feedback.connectionLabel ? ` on ${feedback.connectionLabel}` : ''
  const link = (
    <Link
      to="/companies/$companyId/operations/$datasetId"
      params={{ companyId, datasetId: operation.id }}
    >
      see the pull
    </Link>
  )
  const took = operation.completed
    ? ` in ${formatDuration(operation.completed.epochMs - operation.requested.epochMs)}`
    : ''
  if (isInProgress(operation.status)) {
    return render(
      'info',
      <>
        <strong>
          Refresh of {dataType} queued{on}: now <StatusBadge status={operation.status} />
        </strong>
        <p>
          Followed here until it ends ({link}). You can keep working; this message says how it
          ended.
        </p>
      </>,
    )
  }
  const group = statusGroup(operation.status)
  if (group === 'success') {
    return render(
      'ok',
      <>
        <strong>
          {dataType}: refreshed{on}, {operation.status}
          {took}.
        </strong>
        <p>The grid shows the new data&rsquo;s time. To check the details, {link}.</p>
      </>,
    )
  }
  const failed = group === 'error' || group === 'relink'
  return render(
    failed ? 'error' : 'warn',
    <>
      <strong>
        {dataType}: {failed ? 'the refresh failed' : 'the refresh ended'}, {operation.status}
        {took} &mdash; {link}.
      </strong>
      {operation.errorMessage && <p>Codat says: {operation.errorMessage}</p>}
    </>,
  )
}

interface FollowedAllProps {
  feedback: { skipped: readonly string[]; before: Readonly<Record<string, string>> }
  rows: readonly DataStatus[]
  render: Render
}

/** The data types whose latest pull is new since the refresh was sent. */
function queuedSince(rows: readonly DataStatus[], before: Readonly<Record<string, string>>) {
  return rows.filter((row) => row.latestSyncId && row.latestSyncId !== before[row.dataType])
}

export function FollowedAll({ feedback, rows, render }: FollowedAllProps) {
  const queued = queuedSince(rows, feedback.before)
  const running = queued.filter((row) => isInProgress(row.currentStatus))
  const skipped =
    feedback.skipped.length > 0
      ? ` Already running, so not queued again: ${feedback.skipped.join(', ')}.`
      : ''
  if (queued.length === 0 || running.length > 0) {
    return render(
      'info',
      <>
        <strong>
          Refresh of all data types requested
          {queued.length > 0 &&
            `: ${queued.length - running.length} of ${queued.length} finished so far`}
          .
        </strong>
        <p>
          Codat queues every data type set to fetch on first link, on each linked connection.
          Followed here until they all end.{skipped}
        </p>
      </>,
    )
  }
  const failed = queued.filter((row) => {
    const group = statusGroup(row.currentStatus ?? '')
    return group === 'error' || group === 'relink'
  })
  const complete = queued.filter((row) => statusGroup(row.currentStatus ?? '') === 'success')
  const other = queued.length - failed.length - complete.length
  return render(
    failed.length > 0 ? 'error' : 'ok',
    <>
      <strong>
        Refresh all finished: {complete.length} complete
        {failed.length > 0 && `, ${failed.length} failed`}
        {other > 0 && `, ${other} ended otherwise`}.
      </strong>
      {failed.length > 0 && (
        <p>
          Failed:{' '}
          {failed.map((row) => `${row.dataType} (${row.currentStatus ?? 'unknown'})`).join(', ')}.
          &ldquo;Why?&rdquo; on each row says what to do.
        </p>
      )}
      {skipped && <p>{skipped.trim()}</p>}
    </>,
  )
}
