// The History tab: filters, the pull-operation table and its live state, all driven by the URL.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { CodatApiError } from '../../api/client.ts'
import { companyQueries } from '../../api/companies.ts'
import { anyOperationInProgress, POLL_MS, refreshQueries } from '../../api/refresh-data.ts'
import type { PullOperation } from '../../api/schemas.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { InstantTime } from '../../components/instant-time.tsx'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { formatInstant } from '../../lib/dates.ts'
import { HistoryExportControls } from './history-export-controls.tsx'
import { HistoryFilters } from './history-filters.tsx'
import { HistoryTable } from './history-table.tsx'
import {
  currentSort,
  DEFAULT_PAGE_SIZE,
  hasFilters,
  historyParams,
  sortParam,
  type HistoryView,
} from './history-view.ts'
import './history.css'

export interface HistoryPanelProps {
  companyId: string
  search: HistoryView
  onSearchChange: (change: Partial<HistoryView>) => void
}

const NO_ROWS: PullOperation[] = []
const count = new Intl.NumberFormat('en-GB')

export function HistoryPanel({ companyId, search, onSearchChange: changeUrl }: HistoryPanelProps) {
  const params = historyParams(search)
  const history = useQuery(refreshQueries.history(companyId, params))
  // Names each row's platform; until it answers (or if it fails) rows show their connection ID.
  const connections = useQuery(companyQueries.connections(companyId))
  const queryClient = useQueryClient()
  // Fetch, then render: the request for the new view leaves before the URL change re-renders a
  // 5,000-row table, and the table's own query picks up that same request.
  const onSearchChange = (change: Partial<HistoryView>) => {
    const next = historyParams({ ...search, ...change })
    void queryClient.prefetchQuery(refreshQueries.history(companyId, next))
    changeUrl(change)
  }
  const { timeZone } = useTimeZone()
  const rows = history.data?.results ?? NO_ROWS
  const presentDataTypes = useMemo(() => distinctDataTypes(rows), [rows])
  const page = params.page ?? 1
  const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE
  const isFiltered = hasFilters(search)
  const isLive = anyOperationInProgress(history.data)
  const clearFilters = () =>
    onSearchChange({ status: undefined, dataType: undefined, page: undefined })

  return (
    <section className="panel history-panel" aria-labelledby="history-title">
      <div className="panel-head">
        <div className="grow">
          <h2 id="history-title">Pull-operation history</h2>
          <p className="muted history-total" aria-live="polite">
            {history.data && !history.isPlaceholderData
              ? describeTotal(history.data.totalResults, isFiltered)
              : 'Loading…'}
          </p>
        </div>
        <span className="muted history-updated">
          {history.dataUpdatedAt > 0 ? (
            <span>
              Last updated <InstantTime epochMs={history.dataUpdatedAt} />
            </span>
          ) : (
            'Not loaded yet'
          )}
          {isLive && (
            <span className="badge history-live" data-tone="info">
              Live: every {POLL_MS / 1000} s while operations run
            </span>
          )}
        </span>
        <button
          type="button"
          onClick={() => void history.refetch()}
          aria-busy={history.isFetching || undefined}
        >
          {history.isFetching ? 'Reloading…' : 'Reload'}
        </button>
      </div>
      <HistoryFilters
        status={search.status}
        dataType={search.dataType}
        presentDataTypes={presentDataTypes}
        onChange={(change) => onSearchChange({ ...change, page: undefined })}
      />
      <HistoryExportControls companyId={companyId} params={params} />
      {history.isError && history.data && (
        <ErrorPanel
          error={history.error}
          what={`the latest history; the rows below are from ${formatInstant(history.dataUpdatedAt, { timeZone, style: 'clock' })}`}
          onRetry={() => void history.refetch()}
          isRetrying={history.isFetching}
        />
      )}
      {history.isPending ? (
        <p className="skeleton">Loading pull operations…</p>
      ) : history.isError && !history.data ? (
        <>
          <ErrorPanel
            error={history.error}
            what="pull-operation history"
            onRetry={() => void history.refetch()}
            isRetrying={history.isFetching}
          />
          {isFiltered && history.error instanceof CodatApiError && history.error.status === 400 && (
            <p className="history-hint">
              Codat refused the request with these filters: change them above, or clear them.
            </p>
          )}
        </>
      ) : history.data.totalResults === 0 ? (
        <div className="callout history-empty">
          {isFiltered ? (
            <p className="row">
              No pull operations match these filters.
              <button type="button" className="small" onClick={clearFilters}>
                Clear filters
              </button>
            </p>
          ) : (
            <p>Codat has no pull operations for this company yet.</p>
          )}
        </div>
      ) : (
        <>
          {rows.length === 0 && !history.isPlaceholderData && (
            <p className="callout" data-tone="warn">
              Page {count.format(page)} is past the end: there are{' '}
              {count.format(Math.ceil(history.data.totalResults / pageSize))} pages.
            </p>
          )}
          <HistoryTable
            rows={rows}
            connections={connections.data}
            totalResults={history.data.totalResults}
            sort={currentSort(search)}
            page={page}
            pageSize={pageSize}
            isPlaceholderData={history.isPlaceholderData}
            viewKey={JSON.stringify(params)}
            onSortChange={(sort) => onSearchChange({ sort: sortParam(sort), page: undefined })}
            onPageChange={(nextPage, nextSize) =>
              onSearchChange({
                page: nextPage > 1 ? nextPage : undefined,
                pageSize: nextSize === DEFAULT_PAGE_SIZE ? undefined : nextSize,
              })
            }
          />
        </>
      )}
    </section>
  )
}

/** The data types on this page, in order of first appearance: one pass, for 5,000-row pages. */
function distinctDataTypes(rows: readonly PullOperation[]): string[] {
  const seen = new Set<string>()
  for (const row of rows) seen.add(row.dataType)
  return [...seen]
}

function describeTotal(total: number, isFiltered: boolean): string {
  const one = total === 1
  const noun = `${count.format(total)} pull operation${one ? '' : 's'}`
  return isFiltered ? `${noun} ${one ? 'matches' : 'match'} the filters` : noun
}
