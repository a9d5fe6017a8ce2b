// Sync health per data type and per company, from Codat's data status and connections.
import { parseCodatDate, type CodatDate } from './dates.ts'
import { statusGroup } from './status-groups.ts'

/** A company's health, worst first; `no_connections` stands apart (nothing to sync). */
export const COMPANY_HEALTHS = [
  'needs_relink',
  'failing',
  'stale',
  'in_progress',
  'never_synced',
  'healthy',
  'no_connections',
] as const
export type CompanyHealth = (typeof COMPANY_HEALTHS)[number]

/** The healths a data type can rank a company with, worst first. */
export const RANKED_HEALTHS = [
  'needs_relink',
  'failing',
  'stale',
  'in_progress',
  'never_synced',
  'healthy',
] as const
export type RankedHealth = (typeof RANKED_HEALTHS)[number]

/**
 * A data type's health. `not_supported` (NotSupported) and `other` (Cancelled, and statuses
 * Codat adds later) are shown as they are and never rank a company.
 */
export const DATA_TYPE_HEALTHS = [...RANKED_HEALTHS, 'not_supported', 'other'] as const
export type DataTypeHealth = (typeof DATA_TYPE_HEALTHS)[number]

export const DEFAULT_STALE_HOURS = 24

/** A connection status that needs the end user to authorise again. */
const RELINK_CONNECTION_STATUSES: ReadonlySet<string> = new Set(['Deauthorized', 'PendingAuth'])

/** What health reads of a data status: the parsed API shape and a stored row both fit. */
export interface DataStatusInput {
  dataType?: string
  currentStatus?: string | null
  lastSuccessfulSync?: CodatDate | string | null
}

export interface ConnectionInput {
  status: string
}

export interface HealthOptions {
  /** Epoch milliseconds to judge staleness against. */
  now: number
  /** A last successful sync older than this many hours is stale. */
  staleHours?: number
}

export interface TypeHealth {
  dataType: string
  health: DataTypeHealth
  /** Codat's status verbatim; null when Codat sent none (never synced). */
  status: string | null
}

export interface CompanyHealthResult {
  health: CompanyHealth
  /** Every data type with its health, in the order given. */
  types: TypeHealth[]
}

const RANK: Readonly<Record<string, number>> = Object.fromEntries(
  COMPANY_HEALTHS.map((health, index) => [health, index]),
)

export function isCompanyHealth(value: string): value is CompanyHealth {
  return Object.hasOwn(RANK, value)
}

export function isRankedHealth(health: DataTypeHealth): health is RankedHealth {
  return health !== 'not_supported' && health !== 'other'
}

/** Worst first: needs_relink < failing < … < healthy < no_connections. */
export function compareHealth(a: CompanyHealth, b: CompanyHealth): number {
  return (RANK[a] ?? 0) - (RANK[b] ?? 0)
}

/** Epoch ms of a last successful sync, or undefined when absent or unreadable. */
function syncedAt(value: CodatDate | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value !== 'string') return value.epochMs
  return parseCodatDate(value)?.epochMs
}

function isOlderThanThreshold(lastSuccess: number, options: HealthOptions): boolean {
  const hours = options.staleHours ?? DEFAULT_STALE_HOURS
  return options.now - lastSuccess > hours * 3_600_000
}

/**
 * One data type's health. Errors beat staleness; a read that is running does not make old
 * data fresh (running with a last success older than the threshold is stale); a status
 * never seen before is `other`, never dropped and never guessed at.
 */
export function dataTypeHealth(status: DataStatusInput, options: HealthOptions): DataTypeHealth {
  const current = status.currentStatus ?? undefined
  const lastSuccess = syncedAt(status.lastSuccessfulSync)
  const isOld = lastSuccess !== undefined && isOlderThanThreshold(lastSuccess, options)
  if (current === undefined) {
    // Codat omits currentStatus for a type that never synced; judge a stray success by age.
    if (lastSuccess === undefined) return 'never_synced'
    return isOld ? 'stale' : 'healthy'
  }
  switch (statusGroup(current)) {
    case 'relink':
      return 'needs_relink'
    case 'error':
      return 'failing'
    case 'in-progress':
      return isOld ? 'stale' : 'in_progress'
    case 'success':
      return isOld ? 'stale' : 'healthy'
    case 'not-supported':
      return 'not_supported'
    case 'cancelled':
    case 'unknown':
      return 'other'
  }
}

/** The worst ranked health among types, or undefined when none ranks. */
export function worstHealth(healths: Iterable<DataTypeHealth>): RankedHealth | undefined {
  let worst: RankedHealth | undefined
  for (const health of healths) {
    if (!isRankedHealth(health)) continue
    if (worst === undefined || compareHealth(health, worst) < 0) worst = health
  }
  return worst
}

/** True when a connection's status needs the end user to authorise again. */
export function needsRelink(connection: ConnectionInput): boolean {
  return RELINK_CONNECTION_STATUSES.has(connection.status)
}

/** A connection that needs a relink, as a fleet problem line: "Xero connection", PendingAuth. */
export interface ConnectionProblem {
  dataType: string
  health: 'needs_relink'
  status: string
  since: null
  failuresInARow: null
}

/**
 * One problem per platform whose connection waits for the end user ("Xero connection",
 * status `PendingAuth` or `Deauthorized`), so a company that needs a relink says why even
 * when its data types are fine.
 */
export function connectionProblems(
  connections: readonly (ConnectionInput & { platformName: string })[],
): ConnectionProblem[] {
  const seen = new Set<string>()
  const problems: ConnectionProblem[] = []
  for (const connection of connections) {
    if (!needsRelink(connection)) continue
    const dataType = `${connection.platformName} connection`
    if (seen.has(dataType)) continue
    seen.add(dataType)
    problems.push({
      dataType,
      health: 'needs_relink',
      status: connection.status,
      since: null,
      failuresInARow: null,
    })
  }
  return problems.sort((a, b) => (a.dataType < b.dataType ? -1 : 1))
}

const CONNECTION_STATUS_WORDS: Readonly<Record<string, string>> = {
  PendingAuth: 'pending authorisation',
  Deauthorized: 'deauthorised',
}

/** "pending authorisation — relink" for a connection status that needs one; undefined otherwise. */
export function describeRelinkStatus(status: string | null): string | undefined {
  const words = status === null ? undefined : CONNECTION_STATUS_WORDS[status]
  return words && `${words} — relink`
}

/**
 * A company's health: `no_connections` without any connection; `needs_relink` when a
 * connection is Deauthorized or PendingAuth; otherwise the worst of its data types. With
 * connections but no type that ranks (none read yet, or all NotSupported/Cancelled), it
 * has not synced anything: `never_synced`.
 */
export function companyHealth(
  dataStatuses: Readonly<Record<string, DataStatusInput>> | readonly DataStatusInput[],
  connections: readonly ConnectionInput[],
  options: HealthOptions,
): CompanyHealthResult {
  const entries: [string, DataStatusInput][] = Array.isArray(dataStatuses)
    ? (dataStatuses as readonly DataStatusInput[]).map((status) => [status.dataType ?? '', status])
    : Object.entries(dataStatuses as Readonly<Record<string, DataStatusInput>>)
  const types = entries.map(([key, status]) => ({
    dataType: status.dataType ?? key,
    health: dataTypeHealth(status, options),
    status: status.currentStatus ?? null,
  }))
  if (connections.length === 0) return { health: 'no_connections', types }
  if (connections.some(needsRelink)) return { health: 'needs_relink', types }
  return { health: worstHealth(types.map((type) => type.health)) ?? 'never_synced', types }
}
