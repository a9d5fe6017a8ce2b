// The last five pulls of one data type, each linking to its own screen, and a link to the rest.
import { Link } from '@tanstack/react-router'
import type { PullOperation } from '../../api/schemas.ts'
import { StatusBadge } from '../../components/status-badge.tsx'
import { Timestamp } from '../../components/timestamp.tsx'
import { formatDuration } from '../../lib/dates.ts'
import { newestFirst } from '../../lib/failure-run.ts'

export const RECENT_COUNT = 5

interface RecentOperationsProps {
  companyId: string
  dataType: string
  operations: readonly PullOperation[]
  total: number
}

export function RecentOperations({
  companyId,
  dataType,
  operations,
  total,
}: RecentOperationsProps) {
  const recent = newestFirst(operations).slice(0, RECENT_COUNT)
  if (recent.length === 0) {
    return <p className="muted">Codat has no pull operations of {dataType} yet.</p>
  }
  return (
    <>
      <table className="grid why-recent" aria-label={`Latest pulls of ${dataType}`}>
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">Status</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {recent.map((operation) => (
            <tr key={operation.id}>
              <td data-label="Requested">
                <Link
                  to="/companies/$companyId/operations/$datasetId"
                  params={{ companyId, datasetId: operation.id }}
                >
                  <Timestamp date={operation.requested} style="short" />
                </Link>
              </td>
              <td data-label="Status">
                <StatusBadge status={operation.status} />
              </td>
              <td data-label="Duration">
                {operation.completed
                  ? formatDuration(operation.completed.epochMs - operation.requested.epochMs)
                  : '–'}
              </td>
              <td className="why-error" data-label="Error">
                {operation.errorMessage ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {total > recent.length ? `${total} pulls of ${dataType} in all. ` : ''}
        <Link
          to="/companies/$companyId"
          params={{ companyId }}
          search={{ tab: 'history', dataType }}
        >
          Open the history of {dataType}
        </Link>
      </p>
    </>
  )
}
