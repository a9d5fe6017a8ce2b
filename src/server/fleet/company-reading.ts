// Reads one company from Codat (data status + connections: two requests, plus each failing type's recent history) into a reading.
import {
  FAILURE_HISTORY_PAGE,
  failureRunReading,
  isCountedFailure,
  MAX_HISTORY_READS_PER_COMPANY,
  typeReadings,
} from '../../lib/fleet-reading.ts'
import type { CompanyReading, FailureRunReading } from '../../lib/fleet-row.ts'
import type { CodatReader, ReadPurpose } from './codat-reader.ts'
import { cleanReading, MAX_FAILURE_RUNS_CACHED, storableIso } from './reading-bounds.ts'

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
  const dataTypes = typeReadings(statuses, (epochMs) => time(epochMs, 'last successful sync'))
  // Each failing type's history costs a request: a few per reading, the others keep their count.
  let historyReads = 0
  const withRuns = await Promise.all(
    dataTypes.map(async (type) => {
      if (!isCountedFailure(type.status)) return type
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
  const run = failureRunReading(history.results, history.totalResults, storableIso)
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
