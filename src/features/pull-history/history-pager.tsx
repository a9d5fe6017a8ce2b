// Page size, the rows shown out of the total, and first/previous/next/last page buttons.
import { useId } from 'react'
import { PAGE_SIZES } from './history-view'

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
}

export function HistoryPager(props: HistoryPagerProps) {
  const sizeId = useId()
  const { page, pageCount, pageSize, firstRow, lastRow, totalResults } = props
  return (
    <nav className="history-pager" aria-label="History pages">
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
        <button
          type="button"
          onClick={props.onFirst}
          disabled={!props.canPrevious}
          aria-label="First page"
        >
          «
        </button>
        <button
          type="button"
          onClick={props.onPrevious}
          disabled={!props.canPrevious}
          aria-label="Previous page"
        >
          ‹ Prev
        </button>
        <span className="history-page-of">
          Page {count.format(page)} of {count.format(Math.max(pageCount, 1))}
        </span>
        <button
          type="button"
          onClick={props.onNext}
          disabled={!props.canNext}
          aria-label="Next page"
        >
          Next ›
        </button>
        <button
          type="button"
          onClick={props.onLast}
          disabled={!props.canLast}
          aria-label="Last page"
        >
          »
        </button>
      </span>
    </nav>
  )
}
