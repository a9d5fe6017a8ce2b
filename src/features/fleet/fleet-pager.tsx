// Rows per page, the rows shown out of the total, and previous/next page buttons.
import { useId } from 'react'

const count = new Intl.NumberFormat('en-GB')
export const FLEET_PAGE_SIZES = [25, 100, 500] as const

interface FleetPagerProps {
  page: number
  pageSize: number
  shown: number
  totalResults: number
  isLoading: boolean
  onPageChange: (page: number) => void
  onPageSizeChange: (pageSize: number) => void
}

export function FleetPager({
  page,
  pageSize,
  shown,
  totalResults,
  isLoading,
  ...on
}: FleetPagerProps) {
  const sizeId = useId()
  const pageCount = Math.max(1, Math.ceil(totalResults / pageSize))
  const first = (page - 1) * pageSize + 1
  const last = (page - 1) * pageSize + shown
  return (
    <nav className="fleet-pager" aria-label="Fleet pages">
      <span className="row">
        <label htmlFor={sizeId}>Rows per page</label>
        <select
          id={sizeId}
          value={pageSize}
          onChange={(event) => on.onPageSizeChange(Number(event.target.value))}
        >
          {FLEET_PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </span>
      <span className="muted">
        {totalResults === 0
          ? 'No companies'
          : shown === 0
            ? `No rows on this page; ${count.format(totalResults)} in total`
            : `${count.format(first)}–${count.format(last)} of ${count.format(totalResults)}`}
      </span>
      <span className="row">
        <button type="button" onClick={() => on.onPageChange(page - 1)} disabled={page <= 1}>
          ‹ Prev
        </button>
        <span>
          Page {count.format(page)} of {count.format(pageCount)}
        </span>
        <button
          type="button"
          onClick={() => on.onPageChange(page + 1)}
          disabled={page >= pageCount || isLoading}
        >
          Next ›
        </button>
      </span>
    </nav>
  )
}
