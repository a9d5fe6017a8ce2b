// Reads one company from Codat (data status + connections: two requests, plus each failing type's recent history) into a reading.
import { findFailureRun } from '../../lib/failure-run.ts'
import { statusGroup } from '../../lib/status-groups.ts'
import type { CompanyReading, FailureRunReading } from './company-assessment.ts'
import type { CodatReader, ReadPurpose } from './codat-reader.ts'
import {
  cleanReading,
  MAX_FAILURE_RUNS_CACHED,
  MAX_HISTORY_READS_PER_COMPANY,
  storableIso,
} from './reading-bounds.ts'

/** As many pull operations as the console's "Why?" panel reads for one type. */
export const FAILURE_HISTORY_PAGE = 100

/** Failure runs already counted, by company and type, valid while the type's latest pull is the same. */
export type FailureRunCache = Map<string, { latestSyncId: string; run: FailureRunReading | null }>

/** A reading, and what was changed in it so the store can keep it (for the log). */
export interface CompanyReadResult {
  reading: CompanyReading
  cleaned: string[]
}

export async function readCompany(
  reader: CodatReader,
  id: string,
  name: string,
  purpose: ReadPurpose = 'scan',
  runs?: FailureRunCache,
): Promise<CompanyReadResult | 'not-found'> {
  const [statuses, connections] = await Promise.all([
    reader.dataStatus(id, purpose),
    reader.connections(id, purpose),
  ])
  if (statuses === 'not-found' || connections === 'not-found') return 'not-found'
  const cleaned: string[] = []
  const time = (epochMs: number | undefined, what: string) => {
    const value = storableIso(epochMs)
    if (value === null && epochMs !== undefined)
      cleaned.push(`${what}: a time outside years 1–9999 was left out`)
    return value
  }
  const dataTypes = Object.entries(statuses)
    .map(([key, status]) => ({
      dataType: status.dataType || key,
      status: status.currentStatus ?? null,
      lastSuccessfulSync: time(status.lastSuccessfulSync?.epochMs, 'last successful sync'),
      latestSyncId: status.latestSyncId ?? null,
    }))
    .sort((a, b) => a.dataType.localeCompare(b.dataType))
  // Each failing type's history costs a request: a few per reading, the others keep their count.
  let historyReads = 0
  const withRuns = await Promise.all(
    dataTypes.map(async (type) => {
      if (!isFailing(type.status)) return type
      const run = await failureRun(reader, id, type, runs, () => {
        historyReads += 1
        return historyReads <= MAX_HISTORY_READS_PER_COMPANY
      })
      return run === undefined ? type : { ...type, failureRun: run }
    }),
  )
  const clean = cleanReading({
    id,
    name,
    connections: connections.results.map((connection) => ({
      id: connection.id,
      platformName: connection.platformName,
      sourceType: connection.sourceType,
      status: connection.status,
      lastSync: time(connection.lastSync?.epochMs, 'connection last sync'),
    })),
    dataTypes: withRuns,
    cutShort: connections.cutShort,
  })
  return { reading: clean.reading, cleaned: [...new Set(cleaned), ...clean.changes] }
}

/**
 * Failing types only (FetchError, MapError, …). AuthError types need a relink, not a count:
 * a deauthorized connection fails every type at once, and reading each one's history would
 * cost a request per type for what the connection already says.
 */
function isFailing(status: string | null): boolean {
  return status !== null && statusGroup(status) === 'error'
}

/**
 * The type's failures in a row, counted from Codat's history the way the "Why?" panel counts
 * them; read again only when the type's latest pull changed. Undefined when unreadable.
 */
async function failureRun(
  reader: CodatReader,
  companyId: string,
  type: { dataType: string; latestSyncId: string | null },
  runs: FailureRunCache | undefined,
  mayRead: () => boolean,
): Promise<FailureRunReading | null | undefined> {
  const key = `${companyId}\n${type.dataType}`
  const known = runs?.get(key)
  if (known && type.latestSyncId !== null && known.latestSyncId === type.latestSyncId)
    return known.run
  if (!mayRead()) return undefined
  const history = await reader
    .typeHistory(companyId, type.dataType, FAILURE_HISTORY_PAGE)
    .catch(() => undefined)
  if (history === undefined || history === 'not-found') return undefined
  const found = findFailureRun(history.results, history.totalResults)
  const since = found ? storableIso(found.since.epochMs) : null
  const run =
    found && since !== null
      ? { failuresInARow: found.failuresInARow, since, isAtLeast: found.isAtLeast }
      : null
  if (runs && type.latestSyncId !== null)
    remember(runs, key, { latestSyncId: type.latestSyncId, run })
  return run
}

/** Keeps the cache bounded: a key set again moves to the end, the oldest go first. */
function remember(
  runs: FailureRunCache,
  key: string,
  value: { latestSyncId: string; run: FailureRunReading | null },
): void {
  runs.delete(key)
  runs.set(key, value)
  for (const oldest of runs.keys()) {
    if (runs.size <= MAX_FAILURE_RUNS_CACHED) break
    runs.delete(oldest)
  }
}
