// One data type in the grid: status, last success, links to the pulls behind them, refresh.
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import type { Connection, DataStatus } from '../../api/schemas.ts'
import { Icon, WARNING_ICON } from '../../components/icon.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { useNow } from '../../components/use-now.ts'
import type { DataTypeHealth } from '../../lib/health.ts'
import { describeTypeState, staleSince } from '../../lib/type-state-text.ts'
import { isInProgress, statusGroup } from '../../lib/status-groups.ts'
import type { RefreshFeedback } from './refresh-feedback.tsx'
import { RefreshTypeButton } from './refresh-type-button.tsx'

interface DataStatusRowProps {
  companyId: string
  row: DataStatus
  linkedConnections: readonly Connection[] | undefined
  /** Every connection, for the chooser to say why some cannot be used. */
  connections?: readonly Connection[]
  blockedBy?: string
  onRefreshSettled: (feedback: RefreshFeedback) => void
  health: DataTypeHealth
  staleHours: number
  whyButtonId: string
  /** The id of the open "Why?" panel; undefined when closed. */
  whyPanelId: string | undefined
  onWhyToggle: () => void
  /** The "Why?" panel, shown in a row of its own under this one when open. */
  whyPanel: ReactNode
}

export function DataStatusRow({
  companyId,
  row,
  linkedConnections,
  connections,
  blockedBy,
  onRefreshSettled,
  health,
  staleHours,
  whyButtonId,
  whyPanelId,
  onWhyToggle,
  whyPanel,
}: DataStatusRowProps) {
  const isRunning = isInProgress(row.currentStatus)
  const isStale = health === 'stale'
  return (
    <>
      <tr
        data-group={
          row.currentStatus === undefined ? 'never-synced' : statusGroup(row.currentStatus)
        }
        data-stale={isStale || undefined}
      >
        <th scope="row" className="mono">
          {row.dataType}
        </th>
        <td data-label="Status">
          <StatusBadge status={row.currentStatus} />
        </td>
        <td data-label="Last successful sync">
          {row.lastSuccessfulSync ? (
            // Keyed by value: a new time starts from a fresh "now", never "in 12 seconds".
            <span className="last-success">
              <RelativeTime key={row.lastSuccessfulSync.raw} date={row.lastSuccessfulSync} />
              {isStale && (
                <StaleBadge
                  dataType={row.dataType}
                  status={row.currentStatus ?? null}
                  lastSuccessMs={row.lastSuccessfulSync.epochMs}
                  staleHours={staleHours}
                />
              )}
            </span>
          ) : (
            <span className="muted">never synced</span>
          )}
        </td>
        <td data-label="Latest pull">
          <LatestAttempt companyId={companyId} row={row} />
        </td>
        <td className="actions">
          <button
            type="button"
            id={whyButtonId}
            className="small why-button"
            aria-expanded={whyPanelId !== undefined}
            aria-controls={whyPanelId}
            aria-label={`Why? ${row.dataType}`}
            onClick={onWhyToggle}
          >
            Why?
          </button>
          <RefreshTypeButton
            companyId={companyId}
            dataType={row.dataType}
            isRunning={isRunning}
            linkedConnections={linkedConnections}
            connections={connections}
            blockedBy={blockedBy}
            onSettled={onRefreshSettled}
          />
        </td>
      </tr>
      {whyPanel && (
        <tr className="why-row">
          <td colSpan={5}>{whyPanel}</td>
        </tr>
      )}
    </>
  )
}

function OperationLink({
  companyId,
  datasetId,
  children,
  dataType,
}: {
  companyId: string
  datasetId: string
  children: string
  dataType: string
}) {
  return (
    <Link
      to="/companies/$companyId/operations/$datasetId"
      params={{ companyId, datasetId }}
      aria-label={`${children} of ${dataType}`}
    >
      {children}
    </Link>
  )
}

/** What the latest pull says beyond the badge; links to the operations that explain it. */
function LatestAttempt({ companyId, row }: { companyId: string; row: DataStatus }) {
  const { currentStatus, latestSyncId, latestSuccessfulSyncId, dataType } = row
  if (currentStatus === undefined || latestSyncId === undefined) {
    return <span className="muted">No pull yet</span>
  }
  const group = statusGroup(currentStatus)
  const failed = group === 'error' || group === 'relink'
  if (failed && latestSyncId !== latestSuccessfulSyncId) {
    return (
      <span className="latest-attempt">
        <span className="attempt-failed">
          <Icon path={WARNING_ICON} />
          Latest attempt failed
        </span>
        <span className="row">
          <OperationLink companyId={companyId} datasetId={latestSyncId} dataType={dataType}>
            Failed pull
          </OperationLink>
          {latestSuccessfulSyncId && (
            <OperationLink
              companyId={companyId}
              datasetId={latestSuccessfulSyncId}
              dataType={dataType}
            >
              Last successful pull
            </OperationLink>
          )}
        </span>
      </span>
    )
  }
  return (
    <OperationLink companyId={companyId} datasetId={latestSyncId} dataType={dataType}>
      {isInProgress(currentStatus) ? 'Running pull' : 'Latest pull'}
    </OperationLink>
  )
}

/** "Stale", and on hover the same sentence as the Fleet's: "bankAccounts: stale for 4 days, fetching now". */
function StaleBadge(props: {
  dataType: string
  status: string | null
  lastSuccessMs: number
  staleHours: number
}) {
  const now = useNow(60_000)
  const since = staleSince(props.lastSuccessMs, props.staleHours)
  const sentence = describeTypeState(
    { dataType: props.dataType, health: 'stale', status: props.status, since },
    now,
  )
  return (
    <span
      className="badge stale-badge"
      data-tone="warn"
      title={`${sentence} (no successful sync for more than ${props.staleHours} h)`}
    >
      Stale
    </span>
  )
}
