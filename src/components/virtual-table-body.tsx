// A table body that renders only the rows near the viewport once a page is long, with spacer
// rows for the rest, and keeps the row holding keyboard focus rendered while it scrolls away.
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual'
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react'

/** Gives a rendered row its size once it is in the DOM; pass it as the row's `ref`. */
export type MeasureRow = ((element: HTMLTableRowElement | null) => void) | undefined

interface VirtualTableBodyProps<TRow extends { id: string }> {
  rows: readonly TRow[]
  /**
   * The element that scrolls, the table's wrapper: from a callback ref kept in state, since a
   * parent's ref is attached only after this body has mounted.
   */
  scrollElement: HTMLElement | null
  /** Smaller pages render every row, so find-in-page and printing keep working there. */
  virtualizeFrom: number
  /** A row's usual height in px, matching the CSS, so measuring changes little. */
  rowHeight: number
  overscan: number
  columnCount: number
  /** Class of the spacer rows standing in for rows not rendered. */
  spacerClassName: string
  /**
   * One `<tr data-index={index}>`; `measure` goes to its `ref` when the body is virtual. Memoise
   * the row component: the body re-renders on every scroll frame.
   */
  renderRow: (row: TRow, index: number, measure: MeasureRow) => ReactNode
}

export function VirtualTableBody<TRow extends { id: string }>({
  rows,
  scrollElement,
  virtualizeFrom,
  rowHeight,
  overscan,
  columnCount,
  spacerClassName,
  renderRow,
}: VirtualTableBodyProps<TRow>) {
  const isVirtual = rows.length >= virtualizeFrom
  // The row holding keyboard focus stays rendered while it is scrolled out of view, so focus is
  // not dropped to the page when a mouse or wheel scrolls past it.
  const [focusedIndex, setFocusedIndex] = useState<number>()
  // No React Compiler here: the virtualizer re-renders this component itself on scroll.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: isVirtual ? rows.length : 0,
    getScrollElement: () => scrollElement,
    estimateSize: () => rowHeight,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan,
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range)
      if (focusedIndex === undefined) return indexes
      // Its neighbours too, so Tab and Shift+Tab move to the next row, not to the visible ones.
      const kept = [focusedIndex - 1, focusedIndex, focusedIndex + 1].filter(
        (index) => index >= 0 && index < range.count && !indexes.includes(index),
      )
      return kept.length === 0 ? indexes : [...indexes, ...kept].sort((a, b) => a - b)
    },
  })
  // Rows in document order, each preceded by a spacer for the rows not rendered before it.
  const visible: { index: number; row: TRow | undefined; gap: number }[] = []
  let renderedTo = 0
  if (isVirtual) {
    for (const item of virtualizer.getVirtualItems()) {
      visible.push({ index: item.index, row: rows[item.index], gap: item.start - renderedTo })
      renderedTo = item.end
    }
  } else {
    rows.forEach((row, index) => visible.push({ index, row, gap: 0 }))
  }
  const padBottom = isVirtual ? virtualizer.getTotalSize() - renderedTo : 0
  const measure = isVirtual ? virtualizer.measureElement : undefined
  return (
    <tbody
      onFocus={(event) => {
        const row = (event.target as HTMLElement).closest('tr[data-index]')
        setFocusedIndex(row ? Number(row.getAttribute('data-index')) : undefined)
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocusedIndex(undefined)
      }}
    >
      {visible.map(({ index, row, gap }) =>
        row ? (
          <Fragment key={row.id}>
            {gap > 0 && <Spacer height={gap} columns={columnCount} className={spacerClassName} />}
            {renderRow(row, index, measure)}
          </Fragment>
        ) : null,
      )}
      {padBottom > 0 && (
        <Spacer height={padBottom} columns={columnCount} className={spacerClassName} />
      )}
    </tbody>
  )
}

/** Stands in for rows that are not rendered, so the scrollbar matches the whole page. */
function Spacer({
  height,
  columns,
  className,
}: {
  height: number
  columns: number
  className: string
}) {
  return (
    <tr aria-hidden="true" className={className} style={{ height }}>
      <td colSpan={columns} />
    </tr>
  )
}

/**
 * The scroll container of a virtual table body: `[element, attach]`; pass `attach` as the
 * container's `ref` and the element to the body. A new `viewKey` (another page, sort or filter) scrolls it back to the top.
 */
export function useScrollElement(viewKey: string) {
  // The body's virtualizer needs the element itself (state); the reset to the top, a handle.
  const [element, setElement] = useState<HTMLDivElement | null>(null)
  const ref = useRef<HTMLDivElement | null>(null)
  const attach = useCallback((next: HTMLDivElement | null) => {
    ref.current = next
    setElement(next)
  }, [])
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0
  }, [viewKey])
  return [element, attach] as const
}
