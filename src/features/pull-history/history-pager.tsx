// Page size, the rows shown out of the total, and first/previous/next/last page buttons. Shown
// above and below the table; a button that cannot act stays focusable (aria-disabled), so the
// keyboard stays on the pager after paging instead of dropping to the top of the page.
import { useId, type ReactNode, type Ref } from 'react'
import { PAGE_SIZES } from './history-view.ts'

const count = new Intl.NumberFormat('en-GB')

export interface HistoryPagerProps {
  page: number
  pageCount: number
  pageSize: number
  firstRow: number
  lastRow: number
  totalResults: number
  /** The rows on screen are still the previous page's. */
  isLoading: boolean
  canPrevious: boolean
  canNext: boolean
  canLast: boolean
  onFirst: () => void
  onPrevious: () => void
  onNext: () => void
  onLast: () => void
  onPageSizeChange: (pageSize: number) => void
  /** Above the table: page buttons and the range only, the page size stays below. */
  placement: 'above' | 'below'
  ref?: Ref<HTMLElement>
}

export function HistoryPager(props: HistoryPagerProps) {
  const sizeId = useId()
  const { page, pageCount, pageSize, firstRow, lastRow, totalResults, placement, ref } = props
  return (
    <nav
      ref={ref}
      className="history-pager"
      data-placement={placement}
      aria-label={placement === 'above' ? 'History pages, above the table' : 'History pages'}
      // The target of "Skip the table".
      tabIndex={-1}
    >
      {placement === 'below' && (
        <span className="row">
          <label htmlFor={sizeId}>Rows per page</label>
          <select
            id={sizeId}
            value={pageSize}
            onChange={(event) => props.onPageSizeChange(Number(event.target.value))}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {count.format(size)}
              </option>
            ))}
          </select>
        </span>
      )}
      <span className="muted history-range">
        {props.isLoading
          ? `Loading rows ${count.format(firstRow)}–${count.format(Math.min(firstRow + pageSize - 1, totalResults))}…`
          : totalResults === 0
            ? 'No pull operations'
            : lastRow < firstRow
              ? `No rows on this page; ${count.format(totalResults)} in total`
              : `${count.format(firstRow)}–${count.format(lastRow)} of ${count.format(totalResults)}`}
      </span>
      <span className="row history-pages">
        <PagerButton label="First page" canAct={props.canPrevious} onClick={props.onFirst}>
          «
        </PagerButton>
        <PagerButton label="Previous page" canAct={props.canPrevious} onClick={props.onPrevious}>
          ‹ Prev
        </PagerButton>
        <span className="history-page-of">
          Page {count.format(page)} of {count.format(Math.max(pageCount, 1))}
        </span>
        <PagerButton label="Next page" canAct={props.canNext} onClick={props.onNext}>
          Next ›
        </PagerButton>
        <PagerButton label="Last page" canAct={props.canLast} onClick={props.onLast}>
          »
        </PagerButton>
      </span>
    </nav>
  )
}

function PagerButton(props: {
  label: string
  canAct: boolean
  onClick: () => void
  children: ReactNode
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      aria-disabled={!props.canAct || undefined}
      onClick={props.canAct ? props.onClick : undefined}
    >
      {props.children}
    </button>
  )
}
