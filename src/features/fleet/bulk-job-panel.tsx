// The bulk refresh job on the Fleet screen: who started it, its progress, Cancel, Retry failed, its items.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useId, useState } from 'react'
import { bulkQueries, isBulkRunning, useBulkAction } from '../../api/bulk.ts'
import type { BulkItem, BulkJob } from '../../api/bulk-schemas.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { BULK_ITEM_STATES, BULK_SKIP_WORDS, type BulkItemState } from '../../lib/bulk-refresh.ts'
import {
  BULK_SCOPE_LABELS,
  BULK_STATE_LABELS,
  BULK_STATE_TONES,
  countsInOrder,
  formatCount,
  plural,
  progressOf,
} from '../../lib/bulk-view.ts'
import { formatInstant, formatRelative } from '../../lib/dates.ts'

const JOB_TITLES: Readonly<Record<BulkJob['state'], string>> = {
  draft: 'Bulk refresh not started',
  running: 'Bulk refresh running',
  cancelling: 'Bulk refresh stopping',
  cancelled: 'Bulk refresh cancelled',
  finished: 'Bulk refresh finished',
}

interface BulkJobPanelProps {
  job: BulkJob
  /** When the job was last read (epoch ms): "2 min ago" counts from it. */
  now: number
  /** Why this session may not cancel or retry; undefined when it may. */
  blockedReason: string | undefined
  onDismiss: () => void
}

export function BulkJobPanel({ job, now, blockedReason, onDismiss }: BulkJobPanelProps) {
  const { timeZone } = useTimeZone()
  const cancel = useBulkAction('cancel')
  const retry = useBulkAction('retry')
  const titleId = useId()
  const isRunning = isBulkRunning(job)
  const { ended, total } = progressOf(job.counts)
  const startedAt = Date.parse(job.startedAt ?? job.createdAt)
  const again = job.counts.failed + job.counts.unknown
  const who = job.createdBy ?? 'someone on this console (no sign-in)'
  return (
    <section className="bulk-job" aria-labelledby={titleId} data-state={job.state}>
      <div className="bulk-job-head">
        <div>
          <h2 id={titleId}>{JOB_TITLES[job.state]}</h2>
          <p className="muted bulk-job-meta">
            {BULK_SCOPE_LABELS[job.scope]} for {job.selection}, started by {who}{' '}
            <time
              dateTime={job.startedAt ?? job.createdAt}
              title={formatInstant(startedAt, { timeZone })}
            >
              {formatRelative(startedAt, Math.max(now, startedAt))}
            </time>
          </p>
        </div>
        <div className="bulk-job-actions">
          {isRunning && (
            <button
              type="button"
              onClick={() => cancel.mutate(job.id)}
              disabled={
                blockedReason !== undefined || cancel.isPending || job.state === 'cancelling'
              }
              title={blockedReason ?? 'Stops after the requests already with Codat are answered'}
            >
              {job.state === 'cancelling' ? 'Stopping…' : 'Cancel'}
            </button>
          )}
          {again > 0 && (
            <button
              type="button"
              onClick={() => retry.mutate(job.id)}
              disabled={blockedReason !== undefined || retry.isPending}
              title={blockedReason}
            >
              Retry failed ({formatCount(again)})
            </button>
          )}
          {!isRunning && (
            <button type="button" className="small" onClick={onDismiss}>
              Dismiss
            </button>
          )}
        </div>
      </div>
      {isRunning && (
        <p className="muted bulk-cancel-note">
          Cancel stops sending: what is still queued is not sent; the requests already with Codat
          finish.
        </p>
      )}
      <div className="bulk-progress">
        <progress max={Math.max(1, total)} value={ended} aria-label="Items ended" />
        <span>
          {formatCount(ended)} of {plural(total, 'item', 'items')} ended
        </span>
      </div>
      <ul className="bulk-counts" aria-label="Items by state">
        {countsInOrder(job.counts).map(({ state, count }) => (
          <li key={state} data-tone={BULK_STATE_TONES[state]} data-empty={count === 0 || undefined}>
            <span className="bulk-count">{formatCount(count)}</span> {BULK_STATE_LABELS[state]}
          </li>
        ))}
      </ul>
      {cancel.isError && (
        <ErrorPanel error={cancel.error} what="the cancel" onRetry={() => cancel.mutate(job.id)} />
      )}
      {retry.isError && (
        <ErrorPanel error={retry.error} what="the retry" onRetry={() => retry.mutate(job.id)} />
      )}
      <BulkItemsTable job={job} />
    </section>
  )
}

function BulkItemsTable({ job }: { job: BulkJob }) {
  const [state, setState] = useState<BulkItemState | undefined>(undefined)
  const [page, setPage] = useState(1)
  const stateId = useId()
  const items = useQuery({
    ...bulkQueries.items(job.id, { state, page: page > 1 ? page : undefined }),
    placeholderData: keepPreviousData,
  })
  const data = items.data?.items
  const pageCount = data ? Math.max(1, Math.ceil(data.totalResults / data.pageSize)) : 1
  return (
    <div className="bulk-items">
      <div className="bulk-items-head">
        <span className="fleet-filter">
          <label htmlFor={stateId}>Items in state</label>
          <select
            id={stateId}
            value={state ?? ''}
            onChange={(event) => {
              setState((event.target.value || undefined) as BulkItemState | undefined)
              setPage(1)
            }}
          >
            <option value="">Any state ({formatCount(progressOf(job.counts).total)})</option>
            {BULK_ITEM_STATES.map((option) => (
              <option key={option} value={option}>
                {BULK_STATE_LABELS[option]} ({formatCount(job.counts[option])})
              </option>
            ))}
          </select>
        </span>
        {data && data.totalResults > data.pageSize && (
          <span className="row">
            <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>
              ‹ Prev
            </button>
            <span>
              Page {formatCount(page)} of {formatCount(pageCount)}
            </span>
            <button
              type="button"
              onClick={() => setPage(page + 1)}
              disabled={page >= pageCount || items.isPlaceholderData}
            >
              Next ›
            </button>
          </span>
        )}
      </div>
      {items.isPending ? (
        <p className="skeleton">Loading the items…</p>
      ) : !data ? (
        <ErrorPanel
          error={items.error}
          what="the job's items"
          onRetry={() => void items.refetch()}
          isRetrying={items.isFetching}
          errorUpdatedAt={items.errorUpdatedAt}
        />
      ) : data.results.length === 0 ? (
        <p className="muted">No items in this state.</p>
      ) : (
        <div
          className="bulk-items-scroll"
          role="region"
          aria-label="Bulk refresh items, scrollable"
          tabIndex={0}
        >
          <table
            className="grid bulk-items-grid"
            aria-label="Bulk refresh items"
            aria-busy={items.isPlaceholderData || undefined}
          >
            <thead>
              <tr>
                <th scope="col">Company</th>
                <th scope="col">Data type</th>
                <th scope="col">Connection</th>
                <th scope="col">State</th>
                <th scope="col">Codat’s error</th>
                <th scope="col">Pull</th>
              </tr>
            </thead>
            <tbody>
              {data.results.map((item) => (
                <BulkItemRow key={item.position} item={item} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

function BulkItemRow({ item }: { item: BulkItem }) {
  return (
    <tr data-state={item.state}>
      <td>
        <Link to="/companies/$companyId" params={{ companyId: item.companyId }}>
          {item.companyName}
        </Link>
      </td>
      <td data-label="Data type">{item.dataType ?? 'All data'}</td>
      <td data-label="Connection">{item.connectionLabel || <span className="muted">—</span>}</td>
      <td data-label="State">
        <span className="badge" data-tone={BULK_STATE_TONES[item.state]}>
          {BULK_STATE_LABELS[item.state]}
        </span>
      </td>
      <td data-label="Codat’s error" className="bulk-item-error">
        {item.error ?? (item.skipReason ? BULK_SKIP_WORDS[item.skipReason] : '')}
      </td>
      <td data-label="Pull">
        {item.datasetId ? (
          <Link
            to="/companies/$companyId/operations/$datasetId"
            params={{ companyId: item.companyId, datasetId: item.datasetId }}
          >
            Pull operation
          </Link>
        ) : (
          ''
        )}
      </td>
    </tr>
  )
}
