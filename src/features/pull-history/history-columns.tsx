// The history table's features and columns, at module scope so the table never rebuilds them.
import { Link } from '@tanstack/react-router'
import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table'
import type { PullOperation } from '../../api/schemas'
import { StatusBadge } from '../../components/status-badge'
import { formatAbsolute, formatDuration, type CodatDate } from '../../lib/dates'
import { HistoryErrorCell } from './history-error-cell'

/** Sorting and paging are Codat's job (`orderBy`, `page`); the table only holds their state. */
export const historyFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature })

const helper = createColumnHelper<typeof historyFeatures, PullOperation>()

const SHORT = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } as const
const formats = {
  local: new Intl.DateTimeFormat('en-GB', SHORT),
  localWithYear: new Intl.DateTimeFormat('en-GB', { ...SHORT, year: 'numeric' }),
  utc: new Intl.DateTimeFormat('en-GB', { ...SHORT, timeZone: 'UTC' }),
  utcWithYear: new Intl.DateTimeFormat('en-GB', { ...SHORT, year: 'numeric', timeZone: 'UTC' }),
}
const THIS_YEAR = new Date().getFullYear()
// formatAbsolute builds a formatter per call for zoned times; a 5,000-row page scrolls through
// thousands of them, so the zoned case (the common one) reuses one with the same output.
const fullLocal = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'long' })
const fullText = (date: CodatDate, instant: Date) =>
  date.zone === 'utc' || date.zone === 'offset' ? fullLocal.format(instant) : formatAbsolute(date)

/** Compact in the cell; the full time with its zone on hover. */
function Timestamp({ date }: { date: CodatDate }) {
  // A zone-less value is shown as sent, never converted as if it were the browser's zone.
  const isWallClock = date.zone === 'unspecified' || date.zone === 'date-only'
  const instant = new Date(date.epochMs)
  // The year only when it is not this one: the cell stays short enough to read at a glance.
  const withYear = instant.getFullYear() !== THIS_YEAR
  const format = isWallClock
    ? withYear
      ? formats.utcWithYear
      : formats.utc
    : withYear
      ? formats.localWithYear
      : formats.local
  const text = format.format(instant)
  return (
    <time dateTime={instant.toISOString()} title={fullText(date, instant)}>
      {text}
      {date.zone === 'unspecified' && <span className="muted"> (no zone)</span>}
    </time>
  )
}

function Progress({ value }: { value: number }) {
  const percent = Math.min(100, Math.max(0, value))
  return (
    <span className="history-progress">
      <span className="history-progress-track" aria-hidden="true">
        <span className="history-progress-fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="history-progress-text">{percent}%</span>
    </span>
  )
}

export const historyColumns = helper.columns([
  helper.accessor('dataType', {
    header: 'Data type',
    sortDescFirst: false,
    cell: ({ row }) => (
      <Link
        to="/companies/$companyId/operations/$datasetId"
        params={{ companyId: row.original.companyId, datasetId: row.original.id }}
        className="mono"
        title={`Open this ${row.original.dataType} pull operation`}
      >
        {row.original.dataType}
      </Link>
    ),
  }),
  helper.accessor('status', {
    header: 'Status',
    sortDescFirst: false,
    cell: ({ getValue }) => <StatusBadge status={getValue()} />,
  }),
  helper.accessor('progress', {
    header: 'Progress',
    enableSorting: false,
    cell: ({ getValue }) => <Progress value={getValue()} />,
  }),
  helper.accessor('requested', {
    header: 'Requested',
    sortDescFirst: true,
    cell: ({ getValue }) => <Timestamp date={getValue()} />,
  }),
  helper.accessor('completed', {
    header: 'Completed',
    sortDescFirst: true,
    cell: ({ getValue }) => {
      const completed = getValue()
      return completed ? <Timestamp date={completed} /> : <span className="muted">running</span>
    },
  }),
  helper.display({
    id: 'duration',
    header: 'Duration',
    cell: ({ row }) => {
      const { requested, completed } = row.original
      return completed ? (
        formatDuration(completed.epochMs - requested.epochMs)
      ) : (
        <span className="muted">–</span>
      )
    },
  }),
  helper.accessor('connectionId', {
    header: 'Connection',
    enableSorting: false,
    cell: ({ getValue }) => (
      <span className="mono" title={getValue()}>
        {getValue().slice(0, 8)}
      </span>
    ),
  }),
  helper.accessor((operation) => operation.errorMessage ?? operation.statusDescription ?? '', {
    id: 'error',
    header: 'Error',
    enableSorting: false,
    cell: ({ row }) => {
      const { errorMessage, statusDescription, dataType } = row.original
      const text = errorMessage ?? statusDescription
      return text ? (
        <HistoryErrorCell text={text} isError={Boolean(errorMessage)} dataType={dataType} />
      ) : null
    },
  }),
])

/** Column widths (table-layout: fixed keeps every row one line high, which virtualizing needs). */
export const COLUMN_WIDTHS: Readonly<Record<string, string>> = {
  dataType: '13%',
  status: '12%',
  progress: '8%',
  requested: '10%',
  completed: '10%',
  duration: '7%',
  connectionId: '7%',
  error: '33%',
}
