// One row per data type: its current status and when it last synced successfully.
import { useQuery } from '@tanstack/react-query'
import { refreshQueries } from '../../api/refresh-data'
import { ErrorPanel } from '../../components/error-panel'
import { RelativeTime } from '../../components/relative-time'
import { StatusBadge } from '../../components/status-badge'

export function DataStatusPanel({ companyId }: { companyId: string }) {
  const status = useQuery(refreshQueries.status(companyId))
  const rows = status.data
    ? Object.values(status.data).sort((a, b) => a.dataType.localeCompare(b.dataType))
    : []
  return (
    <section className="panel" aria-labelledby="status-title">
      <div className="panel-head">
        <h2 id="status-title" className="grow">
          Data status
        </h2>
      </div>
      {status.isPending ? (
        <p className="skeleton">Loading data status…</p>
      ) : status.isError ? (
        <ErrorPanel
          error={status.error}
          what="data status"
          onRetry={() => void status.refetch()}
          isRetrying={status.isFetching}
        />
      ) : rows.length === 0 ? (
        <p className="muted">Codat reports no data types for this company.</p>
      ) : (
        <table className="grid" aria-label="Data status by data type">
          <thead>
            <tr>
              <th scope="col">Data type</th>
              <th scope="col">Status</th>
              <th scope="col">Last successful sync</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.dataType}>
                <th scope="row" className="mono">
                  {row.dataType}
                </th>
                <td>
                  <StatusBadge status={row.currentStatus} />
                </td>
                <td>
                  {row.lastSuccessfulSync ? (
                    <RelativeTime date={row.lastSuccessfulSync} />
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
