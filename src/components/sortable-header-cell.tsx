// A column header of a server-sorted table: says its sort to assistive tech (`aria-sort`) and,
// when the column can be sorted, is a button that asks for the next order.
import type { ReactNode } from 'react'
import { SortIcon } from './sort-icon.tsx'

interface SortableHeaderCellProps {
  /** The column's current sort, as TanStack Table's `column.getIsSorted()` says it. */
  sorted: false | 'asc' | 'desc'
  /** Asks for the next order; absent for a column that cannot be sorted. */
  onSort: ((event: unknown) => void) | undefined
  /** Class of the sort button; its arrow gets `${buttonClassName}-icon`. */
  buttonClassName: string
  /** The button's tooltip, e.g. what the next click does. */
  title?: string
  /** The header's own content. */
  children: ReactNode
}

export function SortableHeaderCell({
  sorted,
  onSort,
  buttonClassName,
  title,
  children,
}: SortableHeaderCellProps) {
  return (
    <th
      scope="col"
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
    >
      {onSort ? (
        <button type="button" className={buttonClassName} onClick={onSort} title={title}>
          {children}
          <SortIcon direction={sorted} className={`${buttonClassName}-icon`} />
        </button>
      ) : (
        children
      )}
    </th>
  )
}
