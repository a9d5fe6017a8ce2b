// How many data types sit in each status group, worst first: the grid's one-line overview.
import type { DataStatus } from '../../api/schemas.ts'
import { isNeverSynced, statusGroup } from '../../lib/status-groups.ts'

const GROUPS = [
  { key: 'error', label: 'failed', tone: 'error' },
  { key: 'relink', label: 'need relink', tone: 'warn' },
  { key: 'unknown', label: 'unknown status', tone: 'warn' },
  { key: 'in-progress', label: 'in progress', tone: 'info' },
  { key: 'success', label: 'complete', tone: 'ok' },
  { key: 'never-synced', label: 'never synced', tone: 'neutral' },
  { key: 'not-supported', label: 'not supported', tone: 'neutral' },
  { key: 'cancelled', label: 'cancelled', tone: 'neutral' },
] as const

export function summaryGroup(row: DataStatus): string {
  return isNeverSynced(row) || row.currentStatus === undefined
    ? 'never-synced'
    : statusGroup(row.currentStatus)
}

export function StatusSummary({ rows }: { rows: readonly DataStatus[] }) {
  const counts = new Map<string, number>()
  for (const row of rows) {
    const group = summaryGroup(row)
    counts.set(group, (counts.get(group) ?? 0) + 1)
  }
  return (
    <ul className="status-summary" aria-label="Data types by status">
      <li className="muted">{rows.length} data types:</li>
      {GROUPS.filter((group) => counts.has(group.key)).map((group) => (
        <li key={group.key} data-tone={group.tone}>
          <strong>{counts.get(group.key)}</strong> {group.label}
        </li>
      ))}
    </ul>
  )
}
