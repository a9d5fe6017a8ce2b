// The company being looked at: name, ID, its connections, and what to do about broken ones.
import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { companyQueries } from '../../api/companies.ts'
import { refreshQueries } from '../../api/refresh-data.ts'
import { CopyButton } from '../../components/copy-button.tsx'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { RetryStatus } from '../../components/retry-status.tsx'
import { StaleBanner } from '../../components/stale-banner.tsx'
import { ConnectionsTable } from './connections-table.tsx'
import { rememberCompany } from './recent-companies.ts'
import './company-picker.css'

interface CompanyHeaderProps {
  companyId: string
  /**
   * False where the data-status grid below fetches the data status itself: the header then
   * only reads it, so a screen sends one request for it (and shows a 429 it got where it got it).
   */
  fetchesDataStatus?: boolean
}

export function CompanyHeader({ companyId, fetchesDataStatus = true }: CompanyHeaderProps) {
  const company = useQuery(companyQueries.detail(companyId))
  const name = company.data?.name
  useEffect(() => {
    if (name !== undefined) rememberCompany({ id: companyId, name })
  }, [companyId, name])

  // Data first: once loaded, a failed re-read is a banner above the company, not in its place.
  const { data } = company
  if (data === undefined) {
    return company.isError ? (
      <section className="panel">
        <ErrorPanel
          error={company.error}
          what="the company"
          onRetry={() => void company.refetch()}
          isRetrying={company.isFetching}
        />
      </section>
    ) : (
      <section className="panel">
        <RetryStatus
          what="company"
          failureCount={company.failureCount}
          failureReason={company.failureReason}
        />
      </section>
    )
  }
  return (
    <section className="panel company-header" aria-labelledby="company-name">
      {company.isError && (
        <StaleBanner
          what="the company"
          error={company.error}
          errorUpdatedAt={company.errorUpdatedAt}
          shown="Its name and details are as last loaded"
          onRetry={() => void company.refetch()}
          isRetrying={company.isFetching}
        />
      )}
      <div className="panel-head">
        <h1 id="company-name">{data.name}</h1>
        <span className="row company-id">
          <code className="muted">{data.id}</code>
          <CopyButton value={data.id} label="company ID" />
        </span>
        <span className="grow" />
        {data.lastSync && (
          <span className="muted">
            Last sync <RelativeTime date={data.lastSync} />
          </span>
        )}
      </div>
      {data.description && <p className="muted description">{data.description}</p>}
      <h2 className="subhead">Connections</h2>
      <CompanyConnections companyId={companyId} fetchesDataStatus={fetchesDataStatus} />
    </section>
  )
}

/** Read from the connections endpoint: the company's own answer may leave them out. */
function CompanyConnections({
  companyId,
  fetchesDataStatus,
}: {
  companyId: string
  fetchesDataStatus: boolean
}) {
  const connections = useQuery(companyQueries.connections(companyId))
  // Same key as the data-status grid's: where the grid is shown it fetches, polls and retries the
  // status and this only reads it; elsewhere this reads it once, never polling.
  const status = useQuery({
    ...refreshQueries.status(companyId),
    refetchInterval: false,
    enabled: fetchesDataStatus,
  })
  if (connections.data)
    return (
      <ConnectionsTable
        connections={connections.data}
        dataStatuses={status.data ? Object.values(status.data) : undefined}
      />
    )
  if (connections.isError)
    return (
      <ErrorPanel
        error={connections.error}
        what="the company’s connections"
        onRetry={() => void connections.refetch()}
        isRetrying={connections.isFetching}
      />
    )
  return <p className="skeleton">Loading connections…</p>
}
