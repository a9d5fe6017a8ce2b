// Reads one company from Codat (data status + connections: two requests, plus each failing type's recent history) into a reading.
import { findFailureRun } from '../../lib/failure-run.ts'
import { statusGroup } from '../../lib/status-groups.ts'
import type { CompanyReading, FailureRunReading } from './company-assessment.ts'
import type { CodatReader, ReadPurpose } from './codat-reader.ts'

/** As many pull operations as the console's "Why?" panel reads for one type. */
export const FAILURE_HISTORY_PAGE = 100

/** Failure runs already counted, by company and type, valid while the type's latest pull is the same. */
export type FailureRunCache = Map<string, { latestSyncId: string; run: FailureRunReading | null }>

export async function readCompany(
  reader: CodatReader,
  id: string,
  name: string,
  purpose: ReadPurpose = 'scan',
  runs?: FailureRunCache,
): Promise<CompanyReading | 'not-found'> {
  const [statuses, connections] = await Promise.all([
    reader.dataStatus(id, purpose),
    reader.connections(id, purpose),
  ])
  if (statuses === 'not-found' || connections === 'not-found') return 'not-found'
  const dataTypes = Object.entries(statuses)
    .map(([key, status]) => ({
      dataType: status.dataType || key,
      status: status.currentStatus ?? null,
      lastSuccessfulSync: iso(status.lastSuccessfulSync?.epochMs),
      latestSyncId: status.latestSyncId ?? null,
    }))
    .sort((a, b) => a.dataType.localeCompare(b.dataType))
  const withRuns = await Promise.all(
    dataTypes.map(async (type) =>
      isFailing(type.status)
        ? { ...type, failureRun: await failureRun(reader, id, type, runs) }
        : type,
    ),
  )
  return {
    id,
    name,
    connections: connections.map((connection) => ({
      id: connection.id,
      platformName: connection.platformName,
      sourceType: connection.sourceType,
      status: connection.status,
      lastSync: iso(connection.lastSync?.epochMs),
    })),
    dataTypes: withRuns,
  }
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
): Promise<FailureRunReading | null | undefined> {
  const key = `${companyId}\n${type.dataType}`
  const known = runs?.get(key)
  if (known && type.latestSyncId !== null && known.latestSyncId === type.latestSyncId)
    return known.run
  const history = await reader
    .typeHistory(companyId, type.dataType, FAILURE_HISTORY_PAGE)
    .catch(() => undefined)
  if (history === undefined || history === 'not-found') return undefined
  const found = findFailureRun(history.results, history.totalResults)
  const run = found
    ? {
        failuresInARow: found.failuresInARow,
        since: new Date(found.since.epochMs).toISOString(),
        isAtLeast: found.isAtLeast,
      }
    : null
  if (runs && type.latestSyncId !== null) runs.set(key, { latestSyncId: type.latestSyncId, run })
  return run
}

function iso(epochMs: number | undefined): string | null {
  return epochMs === undefined || !Number.isFinite(epochMs) ? null : new Date(epochMs).toISOString()
}
