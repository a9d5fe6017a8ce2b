// The history table's features and columns, at module scope so the table never rebuilds them.
import { Link } from '@tanstack/react-router'
import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table'
import { createContext, useContext } from 'react'
import type { Connection, PullOperation } from '../../api/schemas.ts'
import { StatusBadge } from '../../components/status-badge.tsx'
import { Timestamp } from '../../components/timestamp.tsx'
import { formatDuration } from '../../lib/dates.ts'
import { HistoryErrorCell } from './history-error-cell.tsx'

/** Sorting and paging are Codat's job (`orderBy`, `page`); the table only holds their state. */
export const historyFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature })

const helper = createColumnHelper<typeof historyFeatures, PullOperation>()

/** The company's connections by ID, from the connections query; empty while unknown. */
export const HistoryConnectionsContext = createContext<ReadonlyMap<string, Connection>>(new Map())

/** The platform people know a connection by; its ID (or all of an unknown one) on hover. */
function ConnectionCell({ id }: { id: string }) {
  const connection = useContext(HistoryConnectionsContext).get(id)
  if (!connection)
    return (
      <span className="mono" title={id}>
        {id.slice(0, 8)}
      </span>
    )
  return (
    <span title={`${connection.platformName} connection ${id}`}>{connection.platformName}</span>
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
    cell: ({ getValue }) => <Timestamp date={getValue()} style="compact" />,
  }),
  helper.accessor('completed', {
    header: 'Completed',
    sortDescFirst: true,
    cell: ({ getValue }) => {
      const completed = getValue()
      return completed ? (
        <Timestamp date={completed} style="compact" />
      ) : (
        <span className="muted">running</span>
      )
    },
  }),
  helper.display({
    id: 'duration',
    header: 'Duration',
    cell: ({ row }) => {
      const { requested, completed } = row.original
      const text = completed ? formatDuration(completed.epochMs - requested.epochMs) : ''
      return completed ? <span title={text}>{text}</span> : <span className="muted">–</span>
    },
  }),
  helper.accessor('connectionId', {
    header: 'Connection',
    enableSorting: false,
    cell: ({ getValue }) => <ConnectionCell id={getValue()} />,
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

/**
 * Column widths (table-layout: fixed keeps every row one line high, which virtualizing needs),
 * sized to what the columns usually hold: a 20-character data type, a PrerequisiteNotMet badge,
 * "16 Dec, 18:58 GMT+1", "14 min 32 s", a platform name such as "QuickBooks Online" (a longer one
 * is cut, whole on hover). The error takes the rest.
 */
export const COLUMN_WIDTHS: Readonly<Record<string, string>> = {
  dataType: '12.75rem',
  status: '13.25rem',
  progress: '6.5rem',
  requested: '12.25rem',
  completed: '12.25rem',
  duration: '7.25rem',
  connectionId: '11.5rem',
  error: 'auto',
}
