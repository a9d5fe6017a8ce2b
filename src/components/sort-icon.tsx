// The arrow in a sortable column's header: up, down, or both when the column is not the sort.
import { Icon } from './icon.tsx'

export function SortIcon({
  direction,
  className,
}: {
  direction: false | 'asc' | 'desc'
  className: string
}) {
  const path =
    direction === 'asc'
      ? 'M4 10l4-4 4 4'
      : direction === 'desc'
        ? 'M4 6l4 4 4-4'
        : 'M5 6l3-3 3 3M5 10l3 3 3-3'
  return <Icon className={className} data-active={direction !== false} path={path} />
}
