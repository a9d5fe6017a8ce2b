// The company being looked at: name, ID and its connections.
import { useQuery } from '@tanstack/react-query'
import { companyQueries } from '../../api/companies'
import { ErrorPanel } from '../../components/error-panel'
import { RelativeTime } from '../../components/relative-time'

export function CompanyHeader({ companyId }: { companyId: string }) {
  const company = useQuery(companyQueries.detail(companyId))
  if (company.isPending) return <section className="panel skeleton">Loading company…</section>
  if (company.isError)
    return (
      <section className="panel">
        <ErrorPanel
          error={company.error}
          what="the company"
          onRetry={() => void company.refetch()}
          isRetrying={company.isFetching}
        />
      </section>
    )
  const { data } = company
  return (
    <section className="panel" aria-labelledby="company-name">
      <div className="panel-head">
        <h1 id="company-name">{data.name}</h1>
        <code className="muted">{data.id}</code>
      </div>
      {data.description && <p className="muted">{data.description}</p>}
      <p className="row">
        <span className="muted">Connections:</span>
        {(data.dataConnections ?? []).length === 0
          ? 'none'
          : (data.dataConnections ?? []).map((connection) => (
              <span
                key={connection.id}
                className="badge"
                data-tone={connection.status === 'Linked' ? 'ok' : 'warn'}
              >
                {connection.platformName} · {connection.status}
              </span>
            ))}
        {data.lastSync && (
          <span className="muted">
            Last sync <RelativeTime date={data.lastSync} />
          </span>
        )}
      </p>
    </section>
  )
}
