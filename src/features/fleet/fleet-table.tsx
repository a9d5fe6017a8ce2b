// One page of companies: server-filtered, sorted and paged; rows virtualized for big pages.
import {
  FlexRender,
  functionalUpdate,
  useTable,
  type Row,
  type SortingState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Fragment, memo, useEffect, useMemo, useRef, type MouseEvent } from 'react'
import type { FleetCompany, FleetSort, FleetSortField } from '../../api/fleet-schemas'
import { Icon } from '../../components/icon'
import {
  COLUMN_WIDTHS,
  fleetColumns,
  fleetFeatures,
  FleetNowContext,
  SORTABLE_COLUMNS,
  STACKED_LABELS,
} from './fleet-columns'

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
}

/** A click anywhere on a row follows its company link; links and buttons keep their own. */
function openRow(event: MouseEvent<HTMLTableRowElement>) {
  if ((event.target as HTMLElement).closest('a, button')) return
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
}: FleetTableProps) {
  const sorting: SortingState = useMemo(
    () => [{ id: sort.replace(/^-/, ''), desc: sort.startsWith('-') }],
    [sort],
  )
  const table = useTable({
    features: fleetFeatures,
    columns: fleetColumns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0]
      if (next && SORTABLE_COLUMNS.has(next.id)) {
        const field = next.id as FleetSortField
        onSortChange(next.desc ? `-${field}` : field)
      }
    },
  })
  const scrollRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0
  }, [viewKey])
  const tableRows = table.getRowModel().rows
  const isVirtual = tableRows.length >= VIRTUALIZE_FROM_ROWS
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: isVirtual ? tableRows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_ESTIMATE,
    getItemKey: (index) => tableRows[index]?.id ?? index,
    overscan: 8,
  })
  const visible: { index: number; row: FleetRowModel | undefined; gap: number }[] = []
  let renderedTo = 0
  if (isVirtual) {
    for (const item of virtualizer.getVirtualItems()) {
      visible.push({ index: item.index, row: tableRows[item.index], gap: item.start - renderedTo })
      renderedTo = item.end
    }
  } else {
    tableRows.forEach((row, index) => visible.push({ index, row, gap: 0 }))
  }
  const padBottom = isVirtual ? virtualizer.getTotalSize() - renderedTo : 0
  const columnCount = fleetColumns.length
  return (
    <FleetNowContext value={readAt}>
      <div
        ref={scrollRef}
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
          <colgroup>
            {table.getAllLeafColumns().map((column) => (
              <col key={column.id} style={{ width: COLUMN_WIDTHS[column.id] }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted()
                  const canSort = SORTABLE_COLUMNS.has(header.column.id)
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={
                        sorted === 'asc'
                          ? 'ascending'
                          : sorted === 'desc'
                            ? 'descending'
                            : undefined
                      }
                    >
                      {canSort ? (
                        <button
                          type="button"
                          className="fleet-sort"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          <SortIcon direction={sorted} />
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {visible.map(({ index, row, gap }) =>
              row ? (
                <Fragment key={row.id}>
                  {gap > 0 && <Spacer height={gap} columns={columnCount} />}
                  <FleetRow
                    row={row}
                    index={index}
                    measure={isVirtual ? virtualizer.measureElement : undefined}
                  />
                </Fragment>
              ) : null,
            )}
            {padBottom > 0 && <Spacer height={padBottom} columns={columnCount} />}
          </tbody>
        </table>
      </div>
    </FleetNowContext>
  )
}

type FleetRowModel = Row<typeof fleetFeatures, FleetCompany>

const FleetRow = memo(function FleetRow({
  row,
  index,
  measure,
}: {
  row: FleetRowModel
  index: number
  measure: ((element: HTMLTableRowElement | null) => void) | undefined
}) {
  return (
    <tr data-index={index} ref={measure} onClick={openRow} data-health={row.original.health}>
      {row.getAllCells().map((cell) => (
        <td key={cell.id} data-column={cell.column.id} data-label={STACKED_LABELS[cell.column.id]}>
          <FlexRender cell={cell} />
        </td>
      ))}
    </tr>
  )
})

function SortIcon({ direction }: { direction: false | 'asc' | 'desc' }) {
  const path =
    direction === 'asc'
      ? 'M4 10l4-4 4 4'
      : direction === 'desc'
        ? 'M4 6l4 4 4-4'
        : 'M5 6l3-3 3 3M5 10l3 3 3-3'
  return <Icon className="fleet-sort-icon" data-active={direction !== false} path={path} />
}

function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true" className="fleet-spacer" style={{ height }}>
      <td colSpan={columns} />
    </tr>
  )
}
