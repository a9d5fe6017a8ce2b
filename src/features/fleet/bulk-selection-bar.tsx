// Above the table: how many companies are chosen, "all in this filter", Clear, and Refresh selected….
import { useId } from 'react'
import { MAX_BULK_COMPANY_IDS } from '../../api/bulk-schemas.ts'
import { formatCount } from '../../lib/bulk-view.ts'

interface BulkSelectionBarProps {
  /** Companies ticked one by one, on any page of this filter. */
  selected: number
  isAllInFilter: boolean
  /** Companies in the filter over the whole fleet. */
  totalInFilter: number
  isFiltered: boolean
  /** Why the checkboxes and the bar cannot be used; undefined when they can. */
  blockedReason: string | undefined
  /** Why a new job cannot start now (one is running); undefined when it can. */
  busyReason: string | undefined
  onSelectAllInFilter: () => void
  onClear: () => void
  onRefresh: () => void
}

export function BulkSelectionBar({
  selected,
  isAllInFilter,
  totalInFilter,
  isFiltered,
  blockedReason,
  busyReason,
  onSelectAllInFilter,
  onClear,
  onRefresh,
}: BulkSelectionBarProps) {
  const whyId = useId()
  if (blockedReason !== undefined)
    return (
      <div className="fleet-bulk-bar" role="group" aria-label="Bulk refresh">
        <span className="muted">Bulk refresh: {blockedReason}</span>
      </div>
    )
  const chosen = isAllInFilter ? totalInFilter : selected
  const tooMany = !isAllInFilter && selected > MAX_BULK_COMPANY_IDS
  const why =
    busyReason ??
    (chosen === 0
      ? 'Tick companies, or choose every company in this filter.'
      : tooMany
        ? `At most ${formatCount(MAX_BULK_COMPANY_IDS)} companies one by one: choose them by a filter instead.`
        : undefined)
  const all = isFiltered ? 'in this filter' : 'in the fleet'
  const isWhyShown = why !== undefined && (chosen > 0 || busyReason !== undefined)
  return (
    <div
      className="fleet-bulk-bar"
      role="group"
      aria-label="Bulk refresh"
      data-active={chosen > 0 || undefined}
    >
      <span className="fleet-bulk-count" aria-live="polite">
        {isAllInFilter
          ? `All ${formatCount(totalInFilter)} ${all} selected`
          : selected === 0
            ? 'No companies selected'
            : `${formatCount(selected)} selected`}
      </span>
      {!isAllInFilter && totalInFilter > 0 && (
        <button type="button" className="small" onClick={onSelectAllInFilter}>
          Select all {formatCount(totalInFilter)} {all}
        </button>
      )}
      {chosen > 0 && (
        <button type="button" className="small" onClick={onClear}>
          Clear
        </button>
      )}
      <span className="fleet-bulk-action">
        {isWhyShown && (
          <span className="muted fleet-bulk-why" id={whyId}>
            {why}
          </span>
        )}
        <button
          type="button"
          className="primary"
          // Focusable while it cannot act, so focus stays here when a dialog it opened closes.
          aria-disabled={why !== undefined || undefined}
          aria-describedby={isWhyShown ? whyId : undefined}
          onClick={() => {
            if (why === undefined) onRefresh()
          }}
          title={why}
        >
          Refresh selected…
        </button>
      </span>
    </div>
  )
}
