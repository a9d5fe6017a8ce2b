// A data type's state in one line ("bankAccounts: stale for 4 days, fetching now"), for every screen.
import { formatRelative } from './dates.ts'
import type { DataTypeHealth } from './health.ts'
import { statusGroup } from './status-groups.ts'

export interface TypeState {
  dataType: string
  health: DataTypeHealth
  /** Codat's status verbatim; null when it sent none (never synced). */
  status: string | null
  /** When the type entered this health (ISO-8601), null when unknown. */
  since: string | null
  /** Failed reads since the last success, if known. */
  failuresInARow?: number | null
}

/** A running pull's stage in words: "fetching", "queued for mapping". */
const RUNNING_WORDS: Readonly<Record<string, string>> = {
  Initial: 'starting',
  Queued: 'queued',
  Fetching: 'fetching',
  MapQueued: 'queued for mapping',
  Mapping: 'mapping',
  ProcessingQueued: 'queued for processing',
  Processing: 'processing',
  ValidationQueued: 'queued for validation',
  Validating: 'validating',
  Routing: 'routing',
}

/** "2 days" from "2 days ago": how long something has been so; undefined when unknown. */
export function howLongSince(since: string | null, nowMs: number): string | undefined {
  if (since === null) return undefined
  const at = Date.parse(since)
  if (!Number.isFinite(at) || at > nowMs) return undefined
  if (nowMs - at < 60_000) return 'under a minute'
  return formatRelative(at, nowMs).replace(/ ago$/, '')
}

/** When a type with this last success became stale: the success plus the threshold. */
export function staleSince(lastSuccessMs: number, staleHours: number): string {
  return new Date(lastSuccessMs + staleHours * 3_600_000).toISOString()
}

function runningWords(status: string | null): string | undefined {
  if (status === null || statusGroup(status) !== 'in-progress') return undefined
  return RUNNING_WORDS[status] ?? status
}

/**
 * The health leads, the pull under way or Codat's status follows: "bankAccounts: stale for 4
 * days, fetching now", "invoices: stale for 2 days", "payments: fetching for 5 min",
 * "bills: Cancelled for 1 hour". Parts that are not known are left out.
 */
export function describeTypeState(state: TypeState, nowMs: number): string {
  const { dataType, health, status } = state
  const howLong = howLongSince(state.since, nowMs)
  const forHowLong = howLong ? ` for ${howLong}` : ''
  const running = runningWords(status)
  let text: string
  if (health === 'stale') {
    const after = running
      ? `, ${running} now`
      : status && statusGroup(status) !== 'success'
        ? `, last pull ${status}`
        : ''
    text = `stale${forHowLong}${after}`
  } else if (health === 'in_progress' && running) {
    text = `${running}${forHowLong}`
  } else if (health === 'never_synced') {
    text = running ? `never synced, ${running} now` : 'never synced'
  } else {
    text = `${status ?? health.replace('_', ' ')}${forHowLong}`
  }
  const failures = state.failuresInARow
  if (failures !== null && failures !== undefined && failures > 1)
    text += `, ${failures} failures in a row`
  return `${dataType}: ${text}`
}
