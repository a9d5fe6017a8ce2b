// The fleet table's features and columns, at module scope so the table never rebuilds them.
import { Link } from '@tanstack/react-router'
import {
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table'
import { createContext, useContext } from 'react'
import type { FleetCompany } from '../../api/fleet-schemas.ts'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { formatInstant, formatRelative } from '../../lib/dates.ts'
import { FLEET_SORT_FIELDS } from '../../lib/fleet-query.ts'
import { HealthBadge } from './health-badge.tsx'
import { describeProblem } from './health-look.ts'
import type { Row, Table } from '@tanstack/react-table'

/**
 * Filtering, sorting and paging are the server's job; the table holds the sort (the pager owns
 * paging) and which companies are chosen for a bulk refresh.
 */
export const fleetFeatures = tableFeatures({ rowSortingFeature, rowSelectionFeature })

const helper = createColumnHelper<typeof fleetFeatures, FleetCompany>()
type FleetTableModel = Table<typeof fleetFeatures, FleetCompany>
type FleetRowModel = Row<typeof fleetFeatures, FleetCompany>

/** When the rows were read from the server: "ago" and "since" count from it. */
export const FleetNowContext = createContext(0)

/** Whether the checkboxes can be used, and why not; all are ticked while "all in this filter" is chosen. */
export interface FleetSelectionLook {
  blockedReason: string | undefined
  isAllInFilter: boolean
}
export const FleetSelectionContext = createContext<FleetSelectionLook>({
  blockedReason: 'Checking who you are signed in as…',
  isAllInFilter: false,
})

/** Problems listed in a cell before "and N more". */
const SHOWN_PROBLEMS = 3

function Ago({ iso, none }: { iso: string | null; none: string }) {
  const now = useContext(FleetNowContext)
  const { timeZone } = useTimeZone()
  if (iso === null) return <span className="muted">{none}</span>
  const instant = new Date(iso)
  return (
    <time dateTime={iso} title={formatInstant(instant.getTime(), { timeZone })}>
      {formatRelative(instant.getTime(), Math.max(now, instant.getTime()))}
    </time>
  )
}

function Problems({ company }: { company: FleetCompany }) {
  const now = useContext(FleetNowContext)
  const { timeZone } = useTimeZone()
  const lines = company.problems.map((problem) => describeProblem(problem, now, { timeZone }))
  // A reading that could not take the whole company: what it shows may not be all there is.
  const partial = company.readProblem ? (
    <p className="fleet-read-problem" role="note">
      Only partly read: {company.readProblem}
    </p>
  ) : null
  if (partial && lines.length === 0) return partial
  if (lines.length === 0)
    return (
      <span className="muted">
        {company.health === 'needs_relink'
          ? 'A connection is waiting for the business to authorise access'
          : 'None'}
      </span>
    )
  const rest = lines.length - SHOWN_PROBLEMS
  return (
    <>
      {partial}
      <ul className="fleet-problems" title={rest > 0 ? lines.join('\n') : undefined}>
        {company.problems.slice(0, SHOWN_PROBLEMS).map((problem, index) => (
          <li key={problem.dataType} data-health={problem.health}>
            {lines[index]}
          </li>
        ))}
        {rest > 0 && <li className="muted">and {rest} more</li>}
      </ul>
    </>
  )
}

const OLDEST_SYNC_MEANING =
  'The oldest of its data types’ last successful syncs: how far behind its most out-of-date type is'

function SelectPage({ table }: { table: FleetTableModel }) {
  const { blockedReason, isAllInFilter } = useContext(FleetSelectionContext)
  const isAll = isAllInFilter || table.getIsAllPageRowsSelected()
  return (
    <input
      type="checkbox"
      className="fleet-select"
      aria-label="Select all rows on this page"
      title={blockedReason}
      checked={isAll}
      ref={(box) => {
        if (box) box.indeterminate = !isAll && table.getIsSomePageRowsSelected()
      }}
      disabled={blockedReason !== undefined || isAllInFilter}
      onChange={table.getToggleAllPageRowsSelectedHandler()}
    />
  )
}

function SelectRow({ row }: { row: FleetRowModel }) {
  const { blockedReason, isAllInFilter } = useContext(FleetSelectionContext)
  return (
    <label className="fleet-select-cell" title={blockedReason}>
      <input
        type="checkbox"
        className="fleet-select"
        aria-label={`Select ${row.original.name}`}
        checked={isAllInFilter || row.getIsSelected()}
        disabled={blockedReason !== undefined || isAllInFilter}
        onChange={row.getToggleSelectedHandler()}
      />
    </label>
  )
}

export const fleetColumns = helper.columns([
  helper.display({
    id: 'select',
    header: ({ table }) => <SelectPage table={table} />,
    cell: ({ row }) => <SelectRow row={row} />,
  }),
  helper.accessor('name', {
    id: 'name',
    header: 'Company',
    cell: ({ row }) => (
      <Link
        to="/companies/$companyId"
        params={{ companyId: row.original.id }}
        className="fleet-company-link"
      >
        {row.original.name}
      </Link>
    ),
  }),
  helper.accessor('health', {
    id: 'health',
    header: 'Health',
    cell: ({ row }) => <HealthBadge health={row.original.health} />,
  }),
  helper.display({
    id: 'problems',
    header: 'Unhealthy data types',
    cell: ({ row }) => <Problems company={row.original} />,
  }),
  helper.accessor((company) => company.platforms.join(', '), {
    id: 'platforms',
    header: 'Platforms',
    enableSorting: false,
    cell: ({ getValue }) => getValue() || <span className="muted">None</span>,
  }),
  helper.accessor('oldestLastSuccessfulSync', {
    id: 'oldestSync',
    // Not Codat's company "last sync" (the Companies list's): the type furthest behind.
    header: () => <span title={OLDEST_SYNC_MEANING}>Oldest success of a type</span>,
    sortDescFirst: false,
    cell: ({ row }) => (
      <span title={OLDEST_SYNC_MEANING}>
        <Ago iso={row.original.oldestLastSuccessfulSync} none="Never" />
      </span>
    ),
  }),
  helper.accessor('readAt', {
    id: 'readAt',
    header: 'Last read',
    sortDescFirst: false,
    cell: ({ row }) => <Ago iso={row.original.readAt} none="Not yet" />,
  }),
])

export const SORTABLE_COLUMNS: ReadonlySet<string> = new Set(FLEET_SORT_FIELDS)

/** On a phone the table stacks: these values get their column's name beside them. */
export const STACKED_LABELS: Readonly<Record<string, string>> = {
  platforms: 'Platforms',
  oldestSync: 'Oldest success of a type',
  readAt: 'Last read',
}

export const COLUMN_WIDTHS: Readonly<Record<string, string>> = {
  select: '2.75rem',
  name: '22%',
  health: '10rem',
  problems: '34%',
  platforms: '14%',
  oldestSync: '10rem',
  readAt: '8rem',
}
