// The Fleet screen: counts per health, how fresh they are, and a filtered, sorted, paged table.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { isBulkRunning, useCurrentBulkJob } from '../../api/bulk.ts'
import { fleetKeys, fleetQueries, requestFleetScan } from '../../api/fleet.ts'
import {
  DEFAULT_FLEET_PAGE_SIZE,
  DEFAULT_FLEET_SORT,
  resolveFleetQuery,
  type FleetSearch,
} from '../../api/fleet-schemas.ts'
import { sessionQuery } from '../../api/session.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { StaleBanner } from '../../components/stale-banner.tsx'
import type { FleetSort } from '../../lib/fleet-query.ts'
import { BulkJobPanel } from './bulk-job-panel.tsx'
import { BulkRefreshDialog } from './bulk-refresh-dialog.tsx'
import { BulkSelectionBar } from './bulk-selection-bar.tsx'
import { FleetFilters, type FleetFilterChange } from './fleet-filters.tsx'
import { FleetFreshness } from './fleet-freshness.tsx'
import { FleetPager } from './fleet-pager.tsx'
import { FleetTable } from './fleet-table.tsx'
import { FleetTiles } from './fleet-tiles.tsx'
import { RecentAlertsPanel } from './recent-alerts.tsx'
import { bulkBlockedReason, scanBlockedReason } from './scan-permission.ts'
import { useBulkSelection } from './use-bulk-selection.ts'
import { useDismissedJob } from './use-dismissed-job.ts'
import './fleet.css'
import './bulk.css'

/** Parts of the link the screen could not read, left out of the view and of the URL. */
export interface UnreadLink {
  parts: readonly { label: string; value: string }[]
  onDismiss: () => void
}

export interface FleetScreenProps {
  search: FleetSearch
  /** A change to the view; defaults are left out of the URL, and filters start at page 1. */
  onSearchChange: (change: Partial<FleetSearch>) => void
  unreadLink?: UnreadLink
}

function noMatch({ q, health, dataType, platform }: FleetSearch): string {
  const filtered = Boolean(health || dataType || platform)
  if (q === undefined) return 'No company matches these filters.'
  return `No company’s name contains every word of “${q}”${filtered ? ' with these filters' : ''}.`
}

export function FleetScreen({ search, onSearchChange, unreadLink }: FleetScreenProps) {
  const queryClient = useQueryClient()
  const fleet = useQuery({ ...fleetQueries.page(search), placeholderData: keepPreviousData })
  const session = useQuery(sessionQuery)
  const scan = useMutation({
    mutationFn: requestFleetScan,
    // Pending until the screen shows the scan running.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fleetKeys.all }),
  })
  const query = resolveFleetQuery(search)
  const chosen = useBulkSelection(search)
  const [isAsking, setIsAsking] = useState(false)
  const bulkJob = useCurrentBulkJob()
  const [dismissedJob, dismissJob] = useDismissedJob()
  const job = bulkJob.data
  const isJobShown = job != null && (isBulkRunning(job) || job.id !== dismissedJob)
  const bulkBlocked = bulkBlockedReason(session.data)
  // Times read "5 min ago" as of when the figures arrived; polling and refetches move it on.
  const now = fleet.dataUpdatedAt
  const filter = (change: FleetFilterChange) => onSearchChange({ ...change, page: undefined })
  const setSort = (sort: FleetSort) =>
    onSearchChange({ sort: sort === DEFAULT_FLEET_SORT ? undefined : sort, page: undefined })
  const data = fleet.data
  return (
    <section className="panel fleet" aria-labelledby="fleet-title">
      <div className="panel-head fleet-head">
        <h1 id="fleet-title">Fleet</h1>
      </div>
      {unreadLink && unreadLink.parts.length > 0 && (
        <UnreadLinkNote
          {...unreadLink}
          onShowAll={() =>
            onSearchChange(Object.fromEntries(Object.keys(search).map((key) => [key, undefined])))
          }
        />
      )}
      {fleet.isPending ? (
        <p className="skeleton">Loading the fleet…</p>
      ) : !data ? (
        <ErrorPanel
          error={fleet.error}
          what="the fleet"
          onRetry={() => void fleet.refetch()}
          isRetrying={fleet.isFetching}
          errorUpdatedAt={fleet.errorUpdatedAt}
        />
      ) : (
        <>
          <FleetFreshness
            scan={data.scan}
            now={now}
            blockedReason={scanBlockedReason(session.data)}
            isRequesting={scan.isPending}
            onScan={() => scan.mutate()}
            canTestAlerts={scanBlockedReason(session.data) === undefined}
          />
          {scan.isError && (
            <ErrorPanel error={scan.error} what="the scan request" onRetry={() => scan.mutate()} />
          )}
          {isJobShown && (
            <BulkJobPanel
              job={job}
              now={bulkJob.dataUpdatedAt}
              blockedReason={bulkBlocked}
              onDismiss={() => dismissJob(job.id)}
            />
          )}
          {/* Data first: a failed re-read keeps the figures on screen, under a banner. */}
          {fleet.isError && (
            <StaleBanner
              what="the fleet"
              error={fleet.error}
              errorUpdatedAt={fleet.errorUpdatedAt}
              shown="The counts and the table show the last figures loaded"
              onRetry={() => void fleet.refetch()}
              isRetrying={fleet.isFetching}
            />
          )}
          <FleetTiles summary={data.summary} />
          <RecentAlertsPanel now={now} />
          <FleetFilters
            search={search}
            seenPlatforms={data.companies.results.flatMap((company) => company.platforms)}
            onChange={filter}
          />
          {data.companies.totalResults > 0 && (
            <BulkSelectionBar
              selected={chosen.selected}
              isAllInFilter={chosen.isAllInFilter}
              totalInFilter={data.companies.totalResults}
              isFiltered={chosen.isFiltered}
              blockedReason={bulkBlocked}
              busyReason={
                isBulkRunning(job)
                  ? 'A bulk refresh is running: wait for it to end, or cancel it.'
                  : undefined
              }
              onSelectAllInFilter={chosen.selectAllInFilter}
              onClear={chosen.clear}
              onRefresh={() => setIsAsking(true)}
            />
          )}
          {isAsking && chosen.selection && (
            <BulkRefreshDialog
              selection={chosen.selection}
              selectionWords={
                chosen.isAllInFilter
                  ? `all ${data.companies.totalResults} companies ${chosen.isFiltered ? 'in this filter' : 'in the fleet'}`
                  : `${chosen.selected} chosen ${chosen.selected === 1 ? 'company' : 'companies'}`
              }
              onClose={() => setIsAsking(false)}
              onStarted={() => {
                setIsAsking(false)
                chosen.clear()
              }}
            />
          )}
          {data.companies.results.length === 0 ? (
            <p className="callout" data-tone="info">
              {data.summary.total === 0
                ? 'No companies read yet. They appear here as the scan reads them.'
                : noMatch(search)}
            </p>
          ) : (
            <FleetTable
              rows={data.companies.results}
              readAt={now}
              sort={query.sort}
              isPlaceholderData={fleet.isPlaceholderData}
              viewKey={JSON.stringify(query)}
              onSortChange={setSort}
              rowSelection={chosen.rowSelection}
              onRowSelectionChange={chosen.onRowSelectionChange}
              selection={{ blockedReason: bulkBlocked, isAllInFilter: chosen.isAllInFilter }}
            />
          )}
          <FleetPager
            page={query.page}
            pageSize={query.pageSize}
            shown={data.companies.results.length}
            totalResults={data.companies.totalResults}
            isLoading={fleet.isPlaceholderData}
            onPageChange={(page) => onSearchChange({ page: page > 1 ? page : undefined })}
            onPageSizeChange={(pageSize) =>
              onSearchChange({
                pageSize: pageSize === DEFAULT_FLEET_PAGE_SIZE ? undefined : pageSize,
                page: undefined,
              })
            }
          />
        </>
      )}
    </section>
  )
}

/** A hand-edited or stale link: what was left out (as typed), that the rest applies, a way out. */
function UnreadLinkNote({ parts, onDismiss, onShowAll }: UnreadLink & { onShowAll: () => void }) {
  const list = parts.map(({ label, value }) => `${label} “${value}”`).join(', ')
  return (
    <div className="callout fleet-unread-link" data-tone="warn" role="status">
      <p>
        Part of this link could not be read, so the Fleet left it out: {list}. The rest of the link
        applies.
      </p>
      <div className="row">
        <button type="button" className="small" onClick={onShowAll}>
          Show the whole fleet
        </button>
        <button type="button" className="small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  )
}
