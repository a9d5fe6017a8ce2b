// One row per data type: its status, its last success, the pulls behind it, and refresh controls.
import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { CodatApiError } from '../../api/client.ts'
import { companyQueries } from '../../api/companies.ts'
import { refreshQueries } from '../../api/refresh-data.ts'
import { describeError, ErrorPanel } from '../../components/error-panel.tsx'
import { InstantTime } from '../../components/instant-time.tsx'
import { RetryStatus } from '../../components/retry-status.tsx'
import { StaleBanner } from '../../components/stale-banner.tsx'
import { useNow } from '../../components/use-now.ts'
import { retryAfterDeadline } from '../../components/use-retry-after.ts'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { formatInstant } from '../../lib/dates.ts'
import { isInProgress } from '../../lib/status-groups.ts'
import { RefreshAllButton } from './refresh-all-button.tsx'
import { useRefreshWhenPullsFinish } from './use-refresh-when-pulls-finish.ts'
import { RefreshFeedbackCallout, type RefreshFeedback } from './refresh-feedback.tsx'
import { StatusGrid, type StatusGridView } from './status-grid.tsx'
import { StatusSummary } from './status-summary.tsx'
import './data-status.css'

interface DataStatusPanelProps {
  companyId: string
  /** Why this user may not refresh (read-only console, role); disables every refresh button. */
  refreshBlockedReason?: string
  /** The grid's view (open "Why?" panel, filter), kept in the URL by the route. */
  view?: StatusGridView
  onViewChange?: (change: StatusGridView) => void
}

export function DataStatusPanel({
  companyId,
  refreshBlockedReason,
  view: routeView,
  onViewChange: onRouteViewChange,
}: DataStatusPanelProps) {
  // Without a route to keep it (tests, embedding), the view lives here.
  const [localView, setLocalView] = useState<StatusGridView>({})
  const view = routeView ?? localView
  const onViewChange = onRouteViewChange ?? setLocalView
  const status = useQuery(refreshQueries.status(companyId))
  // Same keys as the header's: read from the cache, not fetched twice.
  const company = useQuery(companyQueries.detail(companyId))
  const connections = useQuery(companyQueries.connections(companyId))
  const [feedback, setFeedback] = useState<RefreshFeedback | undefined>(undefined)
  const [isReloading, setIsReloading] = useState(false)
  const blockedId = useId()
  const feedbackRetryAt = feedback?.kind === 'rate-limited' ? feedback.retryAt : undefined
  // A 429 on any read of this company (a long Retry-After: the daily quota is spent) blocks
  // refreshing too: a POST now would only be refused.
  const readsRetryAt = Math.max(
    ...[status, company, connections].map((query) =>
      // Only Codat's rate limit: a Retry-After on a console's "queued" 503 is about this one request.
      query.isError && query.error instanceof CodatApiError && query.error.status === 429
        ? retryAfterDeadline(query.error, query.errorUpdatedAt)
        : 0,
    ),
  )
  const retryAt = Math.max(feedbackRetryAt ?? 0, readsRetryAt) || undefined
  // Ticks every second only while a countdown is on screen.
  const now = useNow(retryAt !== undefined && 1000)

  const rows = status.data
    ? Object.values(status.data).sort((a, b) => a.dataType.localeCompare(b.dataType))
    : []
  const runningTypes = rows.filter((row) => isInProgress(row.currentStatus)).map((r) => r.dataType)
  // Undefined while unknown (loading, failed): refreshing stays possible, Codat picks the connection.
  const linkedConnections = connections.data?.filter((c) => c.status === 'Linked')
  const latestPulls = Object.fromEntries(
    rows.flatMap((row) => (row.latestSyncId ? [[row.dataType, row.latestSyncId]] : [])),
  )
  useRefreshWhenPullsFinish(companyId, runningTypes.length)

  const { timeZone } = useTimeZone()
  const isRateLimited = retryAt !== undefined && retryAt > now
  const blockedReason =
    refreshBlockedReason ??
    (linkedConnections?.length === 0
      ? 'No linked connection: Codat cannot read new data until the business links or relinks one.'
      : isRateLimited
        ? `Codat's rate limit was reached: refreshing is possible again after ${formatInstant(retryAt, { timeZone, style: 'clock' })}.`
        : undefined)
  const feedbackId = useId()
  // While the 429 explanation is on screen it is the reason; a second callout would repeat it.
  const isExplainedByFeedback =
    refreshBlockedReason === undefined && isRateLimited && feedbackRetryAt === retryAt
  const blockedBy =
    blockedReason === undefined ? undefined : isExplainedByFeedback ? feedbackId : blockedId

  const reload = () => {
    setIsReloading(true)
    void status.refetch().finally(() => setIsReloading(false))
  }

  return (
    <section className="panel data-status" aria-labelledby="status-title">
      <div className="panel-head">
        <h2 id="status-title">Data status</h2>
        {rows.length > 0 && <StatusSummary rows={rows} />}
        <span className="grow" />
        <RefreshAllButton
          companyId={companyId}
          runningTypes={runningTypes}
          latestPulls={latestPulls}
          blockedBy={blockedBy}
          onSettled={setFeedback}
        />
      </div>
      <div className="row freshness">
        <span className="muted" aria-live="off">
          {status.dataUpdatedAt > 0 ? (
            <>
              Last updated <InstantTime epochMs={status.dataUpdatedAt} />
            </>
          ) : (
            'Not loaded yet'
          )}
        </span>
        <button type="button" className="small" onClick={reload} disabled={isReloading}>
          {isReloading ? 'Reloading…' : 'Reload'}
        </button>
        {runningTypes.length > 0 && (
          <span className="muted live-note">
            <span className="pulse" aria-hidden="true" />
            {runningTypes.length} running: checking every few seconds until they finish
          </span>
        )}
      </div>
      {blockedReason !== undefined && !isExplainedByFeedback && (
        <p id={blockedId} className="callout blocked-reason" data-tone="info">
          <strong>Refresh unavailable.</strong> {blockedReason}
        </p>
      )}
      {connections.data === undefined && (
        <ConnectionsUnknown
          error={connections.isError ? connections.error : undefined}
          onRetry={() => void connections.refetch()}
          isRetrying={connections.isFetching}
        />
      )}
      {feedback && (
        <RefreshFeedbackCallout
          id={feedbackId}
          companyId={companyId}
          feedback={feedback}
          rows={rows}
          now={now}
          onDismiss={() => setFeedback(undefined)}
        />
      )}
      {status.isError && status.data !== undefined && (
        <StaleBanner
          what="data status"
          error={status.error}
          errorUpdatedAt={status.errorUpdatedAt}
          shown="The grid shows the last data loaded"
          onRetry={reload}
          isRetrying={isReloading}
        />
      )}
      {status.isPending ? (
        <RetryStatus
          what="data status"
          failureCount={status.failureCount}
          failureReason={status.failureReason}
        />
      ) : status.data === undefined ? (
        <ErrorPanel
          error={status.error}
          what="data status"
          onRetry={reload}
          isRetrying={status.isFetching}
        />
      ) : rows.length === 0 ? (
        <p className="muted">Codat reports no data types for this company.</p>
      ) : (
        <StatusGrid
          companyId={companyId}
          companyName={company.data?.name}
          rows={rows}
          readAt={status.dataUpdatedAt}
          connections={connections.data}
          linkedConnections={linkedConnections}
          blockedBy={blockedBy}
          onRefreshSettled={setFeedback}
          view={view}
          onViewChange={onViewChange}
        />
      )}
    </section>
  )
}

/** Until the connections are known, refreshes go out without one and Codat picks it. */
function ConnectionsUnknown(props: { error?: Error; onRetry: () => void; isRetrying: boolean }) {
  if (!props.error) {
    return (
      <p className="muted connections-note" role="status">
        Checking this company’s connections…
      </p>
    )
  }
  const info = describeError(props.error)
  return (
    <div className="callout connections-note" data-tone="warn" role="alert">
      <div className="grow">
        <strong>Could not read this company’s connections: {info.title}.</strong>
        <p>
          {info.detail} Refreshing still works: Codat chooses the connection for each data type.
        </p>
      </div>
      <button type="button" className="small" onClick={props.onRetry} disabled={props.isRetrying}>
        {props.isRetrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  )
}
