// One company's fleet row, type states and health changes from a reading of it and what the last reading left.
import {
  companyHealth,
  connectionProblems,
  DATA_TYPE_HEALTHS,
  type CompanyHealth,
  type DataTypeHealth,
} from './health.ts'
import { isInProgress } from './status-groups.ts'

/** One row of the Fleet table; `FleetCompany` in `api/fleet-schemas.ts` is this, checked by zod. */
export interface FleetRow {
  id: string
  name: string
  health: CompanyHealth
  /** Platform names of the company's connections, each once, in alphabetical order. */
  platforms: string[]
  /** The oldest last success among the types that can sync (NotSupported ones left out). */
  oldestLastSuccessfulSync: string | null
  readAt: string | null
  problems: FleetRowProblem[]
  /** Why the last reading could not take the whole company (a capped or repeating list); absent when it did. */
  readProblem?: string | null
}

/** A line of a row: an unhealthy data type, or a connection waiting for the end user. */
export interface FleetRowProblem {
  dataType: string
  health: DataTypeHealth
  status: string | null
  since: string | null
  failuresInARow: number | null
}

export interface FleetConnection {
  id: string
  platformName: string
  sourceType: string | null
  status: string
  lastSync: string | null
}

/** A data type as the fleet keeps it between readings. */
export interface FleetTypeState {
  dataType: string
  status: string | null
  lastSuccessfulSync: string | null
  latestSyncId: string | null
  /** Including `not_supported` and `other`. */
  health: DataTypeHealth
  /** When the type entered its health; null when it was like this before the first reading. */
  since: string | null
  failuresInARow: number | null
  /**
   * Codat's words for the newest failed pull of a failing type, from its history; null when the
   * type is not failing or Codat gave none; absent in records kept before it was read.
   */
  lastError?: string | null
  readAt: string
}

/** A company as the fleet keeps it: its row plus what the next reading is judged against. */
export interface CompanyRecord extends FleetRow {
  connections: FleetConnection[]
  dataTypes: FleetTypeState[]
  hasInProgress: boolean
}

export interface HealthChange {
  companyId: string
  /** Null for the company as a whole. */
  dataType: string | null
  health: string
  previousHealth: string | null
  changedAt: string
}

/** A failing type's unbroken run of failed pulls, counted from Codat's history. */
export interface FailureRunReading {
  failuresInARow: number
  /** When the run's first failed pull was requested (ISO-8601). */
  since: string
  /** The run reaches past the page read: at least this many. */
  isAtLeast: boolean
  /** Codat's words for the newest failed pull; null when it gave none. */
  latestError?: string | null
}

export interface TypeReading {
  dataType: string
  status: string | null
  lastSuccessfulSync: string | null
  latestSyncId: string | null
  /**
   * For a failing type: its run from Codat's history, null when the history shows none (e.g.
   * only running pulls on top); absent when not read. Absent, the count goes on from what
   * earlier readings saw.
   */
  failureRun?: FailureRunReading | null
}

/** What one reading of a company from Codat says: its connections and data status. */
export interface CompanyReading {
  id: string
  name: string
  connections: FleetConnection[]
  dataTypes: TypeReading[]
  /** Why the reading is not the whole company (a capped or repeating list); null when it is. */
  cutShort?: string | null
}

export interface FleetRowOptions {
  /** When the reading was taken (ISO-8601 UTC); health changes are dated with it. */
  readAt: string
  staleHours: number
}

// Healths worth a line whatever the company's own health is. In progress and never synced are
// shown only where they make the company what it is: on a failing company they are not problems.
const ALWAYS_SHOWN: ReadonlySet<string> = new Set(['needs_relink', 'failing', 'stale', 'other'])
const FAILURE_LIKE: ReadonlySet<string> = new Set(['failing', 'needs_relink'])
const ORDER = new Map<string, number>(DATA_TYPE_HEALTHS.map((health, index) => [health, index]))

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The row the Fleet table shows for a kept company. */
export function fleetRowOf(record: CompanyRecord): FleetRow {
  const { id, name, health, platforms, oldestLastSuccessfulSync, readAt, problems } = record
  return {
    id,
    name,
    health,
    platforms,
    oldestLastSuccessfulSync,
    readAt,
    problems,
    ...(record.readProblem != null && { readProblem: record.readProblem }),
  }
}

/** Judges a reading against the company's last record: the new record and what changed health. */
export function deriveCompanyRecord(
  previous: CompanyRecord | undefined,
  reading: CompanyReading,
  options: FleetRowOptions,
): { record: CompanyRecord; changes: HealthChange[] } {
  const statuses = reading.dataTypes.map((type) => ({
    dataType: type.dataType,
    currentStatus: type.status,
    lastSuccessfulSync: type.lastSuccessfulSync,
  }))
  const result = companyHealth(statuses, reading.connections, {
    now: Date.parse(options.readAt),
    staleHours: options.staleHours,
  })
  const before = new Map(previous?.dataTypes.map((type) => [type.dataType, type]))
  const changes: HealthChange[] = []
  const dataTypes: FleetTypeState[] = reading.dataTypes.map((type, index) => {
    const health: DataTypeHealth = result.types[index]?.health ?? 'other'
    const old = before.get(type.dataType)
    const next = {
      dataType: type.dataType,
      status: type.status,
      lastSuccessfulSync: type.lastSuccessfulSync,
      latestSyncId: type.latestSyncId,
      health,
      ...sinceAndFailures(old, type, health, options),
      lastError: lastErrorOf(old, type, health),
      readAt: options.readAt,
    }
    if (old?.health !== health)
      changes.push({
        companyId: reading.id,
        dataType: type.dataType,
        health,
        previousHealth: old?.health ?? null,
        changedAt: next.since ?? options.readAt,
      })
    return next
  })
  if (previous?.health !== result.health)
    changes.push({
      companyId: reading.id,
      dataType: null,
      health: result.health,
      previousHealth: previous?.health ?? null,
      changedAt: options.readAt,
    })

  const problems: FleetRowProblem[] = [
    // A connection waiting for the end user first: it is why the company needs a relink.
    ...connectionProblems(reading.connections),
    ...dataTypes
      .filter(
        (type) =>
          ALWAYS_SHOWN.has(type.health) ||
          (type.health === result.health && type.health !== 'healthy'),
      )
      .sort(
        (a, b) =>
          (ORDER.get(a.health) ?? 99) - (ORDER.get(b.health) ?? 99) ||
          byteOrder(a.dataType, b.dataType),
      )
      .map(({ dataType, health, status, since, failuresInARow }) => ({
        dataType,
        health,
        status,
        since,
        failuresInARow,
      })),
  ]
  const synced = dataTypes
    .filter((type) => type.health !== 'not_supported' && type.lastSuccessfulSync)
    .map((type) => type.lastSuccessfulSync as string)
    .sort()
  return {
    record: {
      id: reading.id,
      name: reading.name,
      health: result.health,
      connections: reading.connections,
      dataTypes,
      problems,
      platforms: [...new Set(reading.connections.map((c) => c.platformName))].sort(byteOrder),
      oldestLastSuccessfulSync: synced[0] ?? null,
      readAt: options.readAt,
      hasInProgress: dataTypes.some((type) => isInProgress(type.status ?? undefined)),
      readProblem: reading.cutShort ?? null,
    },
    changes,
  }
}

/** A failing type's error: from this reading's history, else what the last reading of the same run kept. */
function lastErrorOf(
  old: FleetTypeState | undefined,
  type: TypeReading,
  health: DataTypeHealth,
): string | null {
  if (!FAILURE_LIKE.has(health)) return null
  if (type.failureRun) return type.failureRun.latestError ?? null
  return old && FAILURE_LIKE.has(old.health) ? (old.lastError ?? null) : null
}

function sinceAndFailures(
  old: FleetTypeState | undefined,
  type: TypeReading,
  health: DataTypeHealth,
  options: FleetRowOptions,
): { since: string | null; failuresInARow: number | null } {
  const isFailure = FAILURE_LIKE.has(health)
  // Codat's own history says how long the run is, whatever this console saw of it.
  if (isFailure && type.failureRun)
    return { since: type.failureRun.since, failuresInARow: type.failureRun.failuresInARow }
  if (old && old.health === health) {
    const isNewFailure =
      isFailure && type.latestSyncId !== null && type.latestSyncId !== old.latestSyncId
    return {
      since: old.since,
      failuresInARow:
        isNewFailure && old.failuresInARow !== null ? old.failuresInARow + 1 : old.failuresInARow,
    }
  }
  // Stale has an exact start: the last success plus the threshold, whenever the console looked.
  if (health === 'stale' && type.lastSuccessfulSync) {
    const at = Date.parse(type.lastSuccessfulSync) + options.staleHours * 3_600_000
    return { since: new Date(at).toISOString(), failuresInARow: null }
  }
  // Seen for the first time: it may have been like this for long, so "since" is unknown.
  if (!old) return { since: null, failuresInARow: null }
  if (!isFailure) return { since: options.readAt, failuresInARow: null }
  const continues = FAILURE_LIKE.has(old.health) && old.failuresInARow !== null
  return {
    since: FAILURE_LIKE.has(old.health) ? old.since : options.readAt,
    failuresInARow: continues
      ? (old.failuresInARow as number) + 1
      : FAILURE_LIKE.has(old.health)
        ? null
        : 1,
  }
}
