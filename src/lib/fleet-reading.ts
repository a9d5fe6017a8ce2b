// How a reading of a company is taken from Codat's answers, the same for the scanner and the demo.
import type { CodatDate } from './dates.ts'
import { findFailureRun, type RunOperation } from './failure-run.ts'
import type { FailureRunReading, TypeReading } from './fleet-row.ts'
import { statusGroup } from './status-groups.ts'

/** As many pull operations of one type as the console's "Why?" panel reads. */
export const FAILURE_HISTORY_PAGE = 100
/** Failing types whose history one reading of a company may read; the rest keep their count. */
export const MAX_HISTORY_READS_PER_COMPANY = 5

/** Codat's words for a failed pull, as a reading keeps them: enough for a message, bounded. */
export const MAX_ERROR_TEXT = 500

/**
 * The run Codat's history shows for a type (one page, newest first, of `totalResults`), as a
 * reading holds it; null when it shows none. `iso` writes the run's start (null: unwritable).
 */
export function failureRunReading(
  history: readonly RunOperation[],
  totalResults: number | undefined,
  iso: (epochMs: number) => string | null,
): FailureRunReading | null {
  const found = findFailureRun(history, totalResults)
  const since = found ? iso(found.since.epochMs) : null
  return found && since !== null
    ? {
        failuresInARow: found.failuresInARow,
        since,
        isAtLeast: found.isAtLeast,
        latestError: found.latestError?.slice(0, MAX_ERROR_TEXT) ?? null,
      }
    : null
}

/** Data status as parsed from Codat: what a reading takes of each type. */
export interface CodatTypeStatus {
  dataType?: string
  currentStatus?: string | null
  lastSuccessfulSync?: CodatDate | null
  latestSyncId?: string | null
}

/**
 * Codat's data status as a reading's types, by name; `iso` writes a time (null: unwritable).
 * A type keyed by Codat without its own name takes the key.
 */
export function typeReadings(
  statuses: Readonly<Record<string, CodatTypeStatus>>,
  iso: (epochMs: number | undefined) => string | null,
): TypeReading[] {
  return Object.entries(statuses)
    .map(([key, status]) => ({
      dataType: status.dataType || key,
      status: status.currentStatus ?? null,
      lastSuccessfulSync: iso(status.lastSuccessfulSync?.epochMs),
      latestSyncId: status.latestSyncId ?? null,
    }))
    .sort((a, b) => a.dataType.localeCompare(b.dataType))
}

/**
 * Failing types only (FetchError, MapError, …) have their history read for a count. AuthError
 * types need a relink, not a count: a deauthorized connection fails every type at once, and
 * reading each one's history would cost a request per type for what the connection says.
 */
export function isCountedFailure(status: string | null): boolean {
  return status !== null && statusGroup(status) === 'error'
}
