// One page of pull operations: server-sorted, server-paged, rows virtualized for big pages.
import {
  FlexRender,
  functionalUpdate,
  useTable,
  type PaginationState,
  type SortingState,
} from '@tanstack/react-table'
import type { Row } from '@tanstack/react-table'
import { memo, useMemo, useRef } from 'react'
import type { Connection, PullOperation } from '../../api/schemas.ts'
import { SortableTableHead } from '../../components/sortable-table-head.tsx'
import {
  useScrollElement,
  VirtualTableBody,
  type MeasureRow,
} from '../../components/virtual-table-body.tsx'
import type { SortSpec } from '../../lib/codat-query.ts'
import { isSortableField } from '../../lib/codat-query.ts'
import {
  COLUMN_WIDTHS,
  HistoryConnectionsContext,
  historyColumns,
  historyFeatures,
} from './history-columns.tsx'
import { HistoryPager } from './history-pager.tsx'

/** Smaller pages render every row: find-in-page and printing keep working there. */
export const VIRTUALIZE_FROM_ROWS = 200
// Matches the CSS row height (td height 40px, collapsed borders), so measuring changes nothing.
const ROW_HEIGHT_ESTIMATE = 40
const count = new Intl.NumberFormat('en-GB')

export interface HistoryTableProps {
  rows: PullOperation[]
  /** The company's connections, to name each row's platform; undefined while unknown. */
  connections?: readonly Connection[] | undefined
  /** Codat's `totalResults`: every matching operation, on all pages. */
  totalResults: number
  sort: SortSpec
  page: number
  pageSize: number
  /** The rows are the previous page's, shown while the requested one loads. */
  isPlaceholderData: boolean
  /** Changes with the request (page, size, sort, filters): a new view starts at its top. */
  viewKey: string
  onSortChange: (sort: SortSpec) => void
  onPageChange: (page: number, pageSize: number) => void
}

export function HistoryTable({
  rows,
  connections,
  totalResults,
  sort,
  page,
  pageSize,
  isPlaceholderData,
  viewKey,
  onSortChange,
  onPageChange,
}: HistoryTableProps) {
  // Stable state objects: a new one on every render (and the virtualizer re-renders on every
  // scroll frame) would make the table rebuild the row model of a 5000-row page each frame.
  const sorting: SortingState = useMemo(
    () => [{ id: sort.id, desc: sort.desc }],
    [sort.id, sort.desc],
  )
  const pagination: PaginationState = useMemo(
    () => ({ pageIndex: page - 1, pageSize }),
    [page, pageSize],
  )
  const table = useTable({
    features: historyFeatures,
    columns: historyColumns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    // Codat always answers in some order; the table always says which.
    enableSortingRemoval: false,
    rowCount: totalResults,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0]
      if (next && isSortableField(next.id)) onSortChange({ id: next.id, desc: next.desc })
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination)
      // A new page size starts again at page 1: the old page number means other rows now.
      onPageChange(next.pageSize === pageSize ? next.pageIndex + 1 : 1, next.pageSize)
    },
  })

  const connectionsById = useMemo(
    () => new Map((connections ?? []).map((connection) => [connection.id, connection])),
    [connections],
  )
  const bottomPagerRef = useRef<HTMLElement>(null)
  const [scrollElement, attachScroll] = useScrollElement(viewKey)
  const tableRows = table.getRowModel().rows
  const columnCount = historyColumns.length
  const pageCount = table.getPageCount()
  const firstRow = totalResults === 0 ? 0 : (page - 1) * pageSize + 1
  const lastRow = (page - 1) * pageSize + rows.length

  const pager = {
    page,
    pageCount,
    pageSize,
    firstRow,
    lastRow,
    totalResults,
    isLoading: isPlaceholderData,
    canPrevious: table.getCanPreviousPage(),
    // The rows on screen are the old page's until the new one arrives: "next" is unknown.
    canNext: table.getCanNextPage() && !isPlaceholderData,
    canLast: pageCount > 0 && page !== pageCount && !isPlaceholderData,
    onFirst: () => table.firstPage(),
    onPrevious: () => table.previousPage(),
    onNext: () => table.nextPage(),
    onLast: () => table.lastPage(),
    onPageSizeChange: (size: number) => table.setPageSize(size),
  }

  return (
    <HistoryConnectionsContext value={connectionsById}>
      <HistoryPager {...pager} placement="above" />
      <button type="button" className="skip-link" onClick={() => bottomPagerRef.current?.focus()}>
        Skip the table, to the pager below it
      </button>
      <div
        ref={attachScroll}
        className="history-scroll"
        data-placeholder={isPlaceholderData || undefined}
        // Only the rows in view are in the DOM: the box must scroll on its own, phones too.
        data-virtual={tableRows.length >= VIRTUALIZE_FROM_ROWS || undefined}
        role="region"
        aria-label={`Pull operations ${count.format(firstRow)}–${count.format(lastRow)}, scrollable`}
        // Reachable by keyboard, so arrow keys and Page Down scroll a long page.
        tabIndex={0}
      >
        <table
          className="grid history-grid"
          aria-label="Pull operation history"
          aria-rowcount={rows.length + 1}
          aria-busy={isPlaceholderData || undefined}
        >
          <SortableTableHead
            groups={table.getHeaderGroups()}
            columnIds={table.getAllLeafColumns().map((column) => column.id)}
            widths={COLUMN_WIDTHS}
            buttonClassName="history-sort"
            rowProps={{ 'aria-rowindex': 1 }}
            sortOf={(header) => ({
              sorted: header.column.getIsSorted(),
              onSort: header.column.getCanSort()
                ? header.column.getToggleSortingHandler()
                : undefined,
              title: sortTitle(header.column.getIsSorted(), header.column.getNextSortingOrder()),
            })}
          />
          <VirtualTableBody
            rows={tableRows}
            scrollElement={scrollElement}
            virtualizeFrom={VIRTUALIZE_FROM_ROWS}
            rowHeight={ROW_HEIGHT_ESTIMATE}
            overscan={12}
            columnCount={columnCount}
            spacerClassName="history-spacer"
            renderRow={(row, index, measure) => (
              <HistoryRow row={row} index={index} measure={measure} />
            )}
          />
        </table>
      </div>
      <HistoryPager {...pager} ref={bottomPagerRef} placement="below" />
    </HistoryConnectionsContext>
  )
}

function sortTitle(sorted: false | 'asc' | 'desc', next: false | 'asc' | 'desc'): string {
  const now =
    sorted === 'asc' ? 'Sorted ascending. ' : sorted === 'desc' ? 'Sorted descending. ' : ''
  return `${now}Sort ${next === 'desc' ? 'descending' : 'ascending'}`
}

type HistoryRowData = Row<typeof historyFeatures, PullOperation>

/**
 * One row, rendered again only when its operation changes. Scrolling a virtualized page
 * re-renders the table on every frame; without this, every visible row and its links and
 * badges would be rebuilt each time, not just the rows coming into view.
 */
const HistoryRow = memo(function HistoryRow({
  row,
  index,
  measure,
}: {
  row: HistoryRowData
  index: number
  measure: MeasureRow
}) {
  return (
    <tr data-index={index} ref={measure} aria-rowindex={index + 2}>
      {row.getAllCells().map((cell) => (
        <td key={cell.id} data-column={cell.column.id}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  )
})
