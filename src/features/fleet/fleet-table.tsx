// One page of companies: server-filtered, sorted and paged; rows virtualized for big pages.
import {
  FlexRender,
  functionalUpdate,
  useTable,
  type Row,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table'
import { memo, useMemo, type MouseEvent } from 'react'
import type { FleetCompany } from '../../api/fleet-schemas.ts'
import { SortableTableHead } from '../../components/sortable-table-head.tsx'
import {
  useScrollElement,
  VirtualTableBody,
  type MeasureRow,
} from '../../components/virtual-table-body.tsx'
import { fleetSortFieldSchema, type FleetSort } from '../../lib/fleet-query.ts'
import { readSortOrder, sortOrderText } from '../../lib/sort-order.ts'
import {
  COLUMN_WIDTHS,
  fleetColumns,
  fleetFeatures,
  FleetNowContext,
  FleetSelectionContext,
  SORTABLE_COLUMNS,
  type FleetSelectionLook,
  STACKED_LABELS,
} from './fleet-columns.tsx'

/** Smaller pages (a filtered view, 25 rows) render every row: find-in-page keeps working there. */
export const VIRTUALIZE_FROM_ROWS = 100
const ROW_HEIGHT_ESTIMATE = 64

interface FleetTableProps {
  rows: FleetCompany[]
  /** When the rows were read (epoch ms). */
  readAt: number
  sort: FleetSort
  isPlaceholderData: boolean
  /** Changes with the request: a new view starts at its top. */
  viewKey: string
  onSortChange: (sort: FleetSort) => void
  /** Companies chosen for a bulk refresh, by ID, across the pages of this filter. */
  rowSelection: RowSelectionState
  onRowSelectionChange: (updater: Updater<RowSelectionState>) => void
  selection: FleetSelectionLook
}

/** A click anywhere on a row follows its company link; links and buttons keep their own. */
function openRow(event: MouseEvent<HTMLTableRowElement>) {
  if ((event.target as HTMLElement).closest('a, button, label, input')) return
  if (window.getSelection()?.toString()) return
  event.currentTarget.querySelector<HTMLAnchorElement>('a.fleet-company-link')?.click()
}

export function FleetTable({
  rows,
  readAt,
  sort,
  isPlaceholderData,
  viewKey,
  onSortChange,
  rowSelection,
  onRowSelectionChange,
  selection,
}: FleetTableProps) {
  const sorting: SortingState = useMemo(() => [readSortOrder(sort)], [sort])
  const table = useTable({
    features: fleetFeatures,
    columns: fleetColumns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection: selection.blockedReason === undefined,
    state: { sorting, rowSelection },
    onRowSelectionChange,
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0]
      const field = fleetSortFieldSchema.safeParse(next?.id)
      if (next && field.success) onSortChange(sortOrderText({ id: field.data, desc: next.desc }))
    },
  })
  const [scrollElement, attachScroll] = useScrollElement(viewKey)
  const tableRows = table.getRowModel().rows
  const isVirtual = tableRows.length >= VIRTUALIZE_FROM_ROWS
  const columnCount = fleetColumns.length
  return (
    <FleetSelectionContext value={selection}>
      <FleetNowContext value={readAt}>
        <div
          ref={attachScroll}
          className="fleet-scroll"
          data-virtual={isVirtual || undefined}
          data-placeholder={isPlaceholderData || undefined}
          role="region"
          aria-label="Fleet companies, scrollable"
          tabIndex={0}
        >
          <table
            className="grid fleet-grid"
            aria-label="Fleet companies"
            aria-busy={isPlaceholderData || undefined}
          >
            <SortableTableHead
              groups={table.getHeaderGroups()}
              columnIds={table.getAllLeafColumns().map((column) => column.id)}
              widths={COLUMN_WIDTHS}
              buttonClassName="fleet-sort"
              sortOf={(header) => ({
                sorted: header.column.getIsSorted(),
                onSort: SORTABLE_COLUMNS.has(header.column.id)
                  ? header.column.getToggleSortingHandler()
                  : undefined,
              })}
            />
            <VirtualTableBody
              rows={tableRows}
              scrollElement={scrollElement}
              virtualizeFrom={VIRTUALIZE_FROM_ROWS}
              rowHeight={ROW_HEIGHT_ESTIMATE}
              overscan={8}
              columnCount={columnCount}
              spacerClassName="fleet-spacer"
              renderRow={(row, index, measure) => (
                <FleetRow
                  row={row}
                  index={index}
                  measure={measure}
                  isSelected={row.getIsSelected()}
                  isAllInFilter={selection.isAllInFilter}
                />
              )}
            />
          </table>
        </div>
      </FleetNowContext>
    </FleetSelectionContext>
  )
}

type FleetRowModel = Row<typeof fleetFeatures, FleetCompany>

const FleetRow = memo(function FleetRow({
  row,
  index,
  measure,
  isSelected,
}: {
  row: FleetRowModel
  index: number
  measure: MeasureRow
  /** Props of their own so the memo draws the row again when its checkbox changes. */
  isSelected: boolean
  isAllInFilter: boolean
}) {
  return (
    <tr
      data-index={index}
      ref={measure}
      onClick={openRow}
      data-health={row.original.health}
      data-selected={isSelected || undefined}
    >
      {row.getAllCells().map((cell) => (
        <td key={cell.id} data-column={cell.column.id} data-label={STACKED_LABELS[cell.column.id]}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  )
})
