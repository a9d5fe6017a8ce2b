// The header row of a server-sorted, virtualized table: a column width each, then one sortable header cell per column.
import {
  FlexRender,
  type Header,
  type HeaderGroup,
  type RowData,
  type TableFeatures,
} from '@tanstack/react-table'
import type { HTMLAttributes } from 'react'
import { SortableHeaderCell } from './sortable-header-cell.tsx'

/** How one column's header sorts: its current order, and what a press does (absent: it cannot). */
export interface HeaderSort {
  sorted: false | 'asc' | 'desc'
  onSort: ((event: unknown) => void) | undefined
  title?: string
}

interface SortableTableHeadProps<TFeatures extends TableFeatures, TData extends RowData> {
  groups: HeaderGroup<TFeatures, TData>[]
  /** Each leaf column's width, by column id. */
  widths: Readonly<Record<string, string | number | undefined>>
  columnIds: readonly string[]
  sortOf: (header: Header<TFeatures, TData, unknown>) => HeaderSort
  /** Class of the sort buttons; their arrows get `${buttonClassName}-icon`. */
  buttonClassName: string
  rowProps?: HTMLAttributes<HTMLTableRowElement> & { 'aria-rowindex'?: number }
}

export function SortableTableHead<TFeatures extends TableFeatures, TData extends RowData>({
  groups,
  widths,
  columnIds,
  sortOf,
  buttonClassName,
  rowProps,
}: SortableTableHeadProps<TFeatures, TData>) {
  return (
    <>
      <colgroup>
        {columnIds.map((id) => (
          <col key={id} style={{ width: widths[id] }} />
        ))}
      </colgroup>
      <thead>
        {groups.map((group) => (
          <tr key={group.id} {...rowProps}>
            {group.headers.map((header) => (
              <SortableHeaderCell
                key={header.id}
                buttonClassName={buttonClassName}
                {...sortOf(header)}
              >
                <FlexRender header={header} />
              </SortableHeaderCell>
            ))}
          </tr>
        ))}
      </thead>
    </>
  )
}
