// The pull operations of the same data type just before and after this one, each linked.
import { useQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { refreshQueries, type HistoryParams } from '../../api/refresh-data.ts'
import type { PullOperation } from '../../api/schemas.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { Timestamp } from '../../components/timestamp.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { useShortcut } from '../../components/use-shortcut.ts'
import { buildQuery } from '../../lib/codat-query.ts'
import { formatDuration } from '../../lib/dates.ts'

/** How many operations to show on each side of this one. */
export const NEIGHBOURS_EACH_SIDE = 2

/**
 * Codat documents no filter on `dataType` or `requested`; both are plain Dataset fields that
 * its query language resolves, and `requested` compares as a date.
 */
export function neighbourParams(
  operation: Pick<PullOperation, 'dataType' | 'requested'>,
  side: 'older' | 'newer',
): HistoryParams {
  return {
    query: buildQuery([
      { field: 'dataType', value: operation.dataType },
      { field: 'requested', op: side === 'older' ? '<' : '>', value: operation.requested.raw },
    ]),
    orderBy: side === 'older' ? '-requested' : 'requested',
    pageSize: NEIGHBOURS_EACH_SIDE,
  }
}

export function NeighbourOperations({ operation }: { operation: PullOperation }) {
  const { companyId, dataType } = operation
  const older = useQuery(refreshQueries.history(companyId, neighbourParams(operation, 'older')))
  const newer = useQuery(refreshQueries.history(companyId, neighbourParams(operation, 'newer')))
  const failed = older.isError ? older : newer.isError ? newer : undefined
  const isLoading = older.isPending || newer.isPending
  // Newest first, like the history table.
  const rows = [
    ...[...(newer.data?.results ?? [])].reverse(),
    operation,
    ...(older.data?.results ?? []),
  ]
  // "j" and "k" walk the list as it reads: down to the older pull, up to the newer one.
  const navigate = useNavigate()
  const here = rows.indexOf(operation)
  const open = (row: PullOperation | undefined) =>
    row &&
    (() =>
      void navigate({
        to: '/companies/$companyId/operations/$datasetId',
        params: { companyId, datasetId: row.id },
      }))
  useShortcut('next-operation', isLoading ? undefined : open(rows[here + 1]))
  useShortcut('previous-operation', isLoading ? undefined : open(rows[here - 1]))
  return (
    <section className="panel" aria-labelledby="neighbours-title">
      <div className="panel-head">
        <h2 id="neighbours-title" className="grow">
          Other <span className="mono">{dataType}</span> pulls around this one
        </h2>
        <Link
          to="/companies/$companyId"
          params={{ companyId }}
          search={{ tab: 'history', dataType }}
        >
          All {dataType} pulls in the history
        </Link>
      </div>
      {failed ? (
        <ErrorPanel
          error={failed.error}
          errorUpdatedAt={failed.errorUpdatedAt}
          what="the neighbouring pull operations"
          onRetry={() => {
            void older.refetch()
            void newer.refetch()
          }}
          isRetrying={older.isFetching || newer.isFetching}
        />
      ) : isLoading ? (
        <p className="skeleton">Loading the pulls before and after this one…</p>
      ) : (
        <>
          <table className="grid" aria-label={`${dataType} pulls before and after this one`}>
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Pull operation ID</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const isThis = row.id === operation.id
                return (
                  <tr key={row.id} className={isThis ? 'op-current-row' : undefined}>
                    <td data-label="Requested">
                      {isThis ? (
                        <span aria-current="page">
                          <strong>
                            <Timestamp date={row.requested} />
                          </strong>{' '}
                          (this pull)
                        </span>
                      ) : (
                        <Link
                          to="/companies/$companyId/operations/$datasetId"
                          params={{ companyId, datasetId: row.id }}
                        >
                          <Timestamp date={row.requested} />
                        </Link>
                      )}{' '}
                      <span className="muted">
                        <RelativeTime date={row.requested} hideMarker />
                      </span>
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={row.status} />
                    </td>
                    <td data-label="Duration">
                      {row.completed ? (
                        formatDuration(row.completed.epochMs - row.requested.epochMs)
                      ) : (
                        <span className="muted">running</span>
                      )}
                    </td>
                    <td data-label="Pull operation ID">
                      <code className="muted">{row.id}</code>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <p className="muted op-neighbour-counts">
            {capitalise(countText(newer.data?.totalResults ?? 0, 'newer'))};{' '}
            {countText(older.data?.totalResults ?? 0, 'older')}.
          </p>
        </>
      )}
    </section>
  )
}

function countText(total: number, side: 'older' | 'newer'): string {
  if (total === 0) return `no ${side} pulls`
  const shown = Math.min(total, NEIGHBOURS_EACH_SIDE)
  return `${shown} of ${total} ${side} ${total === 1 ? 'pull' : 'pulls'} shown`
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
