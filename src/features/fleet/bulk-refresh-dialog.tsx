// The dry run before a bulk refresh: scope, what it would send and skip, its cost; then "Queue N refreshes".
import { useQuery } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { bulkQueries, useBulkAction } from '../../api/bulk.ts'
import type { BulkJob, BulkSelection } from '../../api/bulk-schemas.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { ModalDialog } from '../../components/modal-dialog.tsx'
import {
  BULK_SCOPES,
  BULK_SKIP_WORDS,
  DEFAULT_BULK_SCOPE,
  type BulkScope,
} from '../../lib/bulk-refresh.ts'
import {
  BULK_SCOPE_HINTS,
  BULK_SCOPE_LABELS,
  formatCount,
  plural,
  quotaShareText,
  sendingTimeText,
  skipSummary,
} from '../../lib/bulk-view.ts'

/** Skipped items listed when the list is opened; the rest are counted. */
const SHOWN_SKIPS = 100

interface BulkRefreshDialogProps {
  selection: BulkSelection
  /** "3 companies", "all 143 companies in this filter". */
  selectionWords: string
  onClose: () => void
  onStarted: (job: BulkJob) => void
}

export function BulkRefreshDialog({
  selection,
  selectionWords,
  onClose,
  onStarted,
}: BulkRefreshDialogProps) {
  const [scope, setScope] = useState<BulkScope>(DEFAULT_BULK_SCOPE)
  const draft = useQuery(bulkQueries.draft({ selection, scope }))
  const start = useBulkAction('start')
  const isStarting = useRef(false)
  const job = draft.data
  const requests = job?.estimate.requests ?? 0
  const blocked = draft.isFetching
    ? 'Working out what to send…'
    : !job
      ? 'The dry run did not load.'
      : requests === 0
        ? 'Nothing to send: every chosen company is skipped in this scope. Try a wider scope.'
        : undefined
  const confirm = () => {
    if (!job || blocked !== undefined || isStarting.current) return
    isStarting.current = true
    start.mutate(job.id, {
      onSuccess: (started) => onStarted(started),
      onSettled: () => {
        isStarting.current = false
      },
    })
  }
  const whyId = useId()
  return (
    <ModalDialog title="Refresh the chosen companies" onClose={onClose} className="bulk-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          confirm()
        }}
      >
        <div className="dialog-body">
          <p>A dry run for {selectionWords}: nothing is sent to Codat until you queue it.</p>
          <fieldset className="bulk-scopes">
            <legend>What to refresh</legend>
            {BULK_SCOPES.map((option) => (
              <label key={option} className="bulk-scope">
                <input
                  type="radio"
                  name="bulk-scope"
                  value={option}
                  checked={scope === option}
                  onChange={() => setScope(option)}
                />
                <span>
                  {BULK_SCOPE_LABELS[option]}
                  <span className="muted bulk-scope-hint">{BULK_SCOPE_HINTS[option]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="bulk-plan" aria-live="polite" aria-busy={draft.isFetching || undefined}>
            {draft.isPending ? (
              <p className="skeleton">Working out what to send…</p>
            ) : draft.isError && !job ? (
              <ErrorPanel
                error={draft.error}
                what="the dry run"
                onRetry={() => void draft.refetch()}
                isRetrying={draft.isFetching}
                errorUpdatedAt={draft.errorUpdatedAt}
              />
            ) : job ? (
              <BulkPlanFigures job={job} />
            ) : null}
          </div>
          {start.isError && (
            <ErrorPanel error={start.error} what="the bulk refresh" onRetry={confirm} />
          )}
        </div>
        <div className="row dialog-actions">
          {blocked !== undefined && !draft.isFetching && (
            <span className="muted bulk-confirm-why" id={whyId}>
              {blocked}
            </span>
          )}
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={blocked !== undefined || start.isPending}
            aria-describedby={blocked !== undefined && !draft.isFetching ? whyId : undefined}
          >
            {start.isPending ? 'Queuing…' : `Queue ${plural(requests, 'refresh', 'refreshes')}`}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

function BulkPlanFigures({ job }: { job: BulkJob }) {
  const { estimate } = job
  const skips = skipSummary(job.skippedBy)
  const skipped = skips.reduce((sum, skip) => sum + skip.count, 0)
  return (
    <>
      <dl className="bulk-figures">
        <div>
          <dt>Requests</dt>
          <dd>
            <strong>{plural(estimate.requests, 'refresh', 'refreshes')}</strong> for{' '}
            {plural(job.companies, 'company', 'companies')}
          </dd>
        </div>
        <div>
          <dt>By connection</dt>
          <dd>
            {job.byConnection.length === 0 ? (
              <span className="muted">None</span>
            ) : (
              <ul className="bulk-connections">
                {job.byConnection.map((entry) => (
                  <li key={entry.label}>
                    {entry.label} · {formatCount(entry.requests)}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Codat quota</dt>
          <dd>{quotaShareText(estimate.quotaShare)}</dd>
        </div>
        <div>
          <dt>Sending takes</dt>
          <dd>
            {sendingTimeText(estimate.seconds)}{' '}
            <span className="muted">
              at {formatCount(estimate.perMinute)} a minute; pulls then run at Codat
            </span>
          </dd>
        </div>
      </dl>
      {estimate.overReserve > 0 && (
        <p className="callout" data-tone="warn" role="note">
          {plural(estimate.overReserve, 'request falls', 'requests fall')} below the quota the
          console keeps in reserve: {estimate.overReserve === 1 ? 'it waits' : 'they wait'} until
          Codat’s daily quota refills.
        </p>
      )}
      {skipped > 0 && (
        <div className="bulk-skips">
          <p>
            <strong>Skipped: {formatCount(skipped)}</strong>
          </p>
          <ul>
            {skips.map((skip) => (
              <li key={skip.reason}>
                {formatCount(skip.count)} · {skip.words}
              </li>
            ))}
          </ul>
          <SkippedList jobId={job.id} total={skipped} />
        </div>
      )}
    </>
  )
}

/** The first skipped items, read when the list is opened. */
function SkippedList({ jobId, total }: { jobId: string; total: number }) {
  const [isOpen, setIsOpen] = useState(false)
  const items = useQuery({
    ...bulkQueries.items(jobId, { state: 'skipped' }),
    enabled: isOpen,
  })
  const shown = items.data?.items.results.slice(0, SHOWN_SKIPS) ?? []
  return (
    <details onToggle={(event) => setIsOpen(event.currentTarget.open)}>
      <summary>Which ones</summary>
      {items.isPending ? (
        <p className="muted">Loading…</p>
      ) : items.isError ? (
        <ErrorPanel
          error={items.error}
          what="the skipped items"
          onRetry={() => void items.refetch()}
        />
      ) : (
        <ul className="bulk-skip-list">
          {shown.map((item) => (
            <li key={item.position}>
              {item.companyName}
              {item.dataType ? ` · ${item.dataType}` : ''}
              <span className="muted">
                {' '}
                · {item.skipReason ? BULK_SKIP_WORDS[item.skipReason] : 'skipped'}
              </span>
            </li>
          ))}
          {total > shown.length && (
            <li className="muted">and {formatCount(total - shown.length)} more</li>
          )}
        </ul>
      )}
    </details>
  )
}
