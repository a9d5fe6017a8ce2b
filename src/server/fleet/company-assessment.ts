// Turns one reading of a company into its stored record: health per type and company, since when, failures in a row.
import {
  companyHealth,
  connectionProblems,
  DATA_TYPE_HEALTHS,
  type DataTypeHealth,
} from '../../lib/health.ts'
import { isInProgress } from '../../lib/status-groups.ts'
import type {
  CompanyRecord,
  HealthChange,
  StoredConnection,
  StoredDataType,
  StoredProblem,
} from '../store/fleet-records.ts'

/** A failing type's unbroken run of failed pulls, counted from Codat's history. */
export interface FailureRunReading {
  failuresInARow: number
  /** When the run's first failed pull was requested (ISO-8601). */
  since: string
  /** The run reaches past the page read: at least this many. */
  isAtLeast: boolean
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

export interface CompanyReading {
  id: string
  name: string
  connections: StoredConnection[]
  dataTypes: TypeReading[]
  /** Why the reading is not the whole company (a capped or repeating list); null when it is. */
  cutShort?: string | null
}

export interface AssessOptions {
  /** When the reading was taken (ISO-8601); health changes are dated with it. */
  readAt: string
  staleHours: number
}

// Healths worth a line in the fleet table whatever the company's own health is.
const ALWAYS_SHOWN: ReadonlySet<string> = new Set(['needs_relink', 'failing', 'stale', 'other'])
const FAILURE_LIKE: ReadonlySet<string> = new Set(['failing', 'needs_relink'])
const ORDER = new Map<string, number>(DATA_TYPE_HEALTHS.map((health, index) => [health, index]))

export function assessCompany(
  previous: CompanyRecord | undefined,
  reading: CompanyReading,
  options: AssessOptions,
): { record: CompanyRecord; changes: HealthChange[] } {
  const now = Date.parse(options.readAt)
  const statuses = reading.dataTypes.map((type) => ({
    dataType: type.dataType,
    currentStatus: type.status,
    lastSuccessfulSync: type.lastSuccessfulSync,
  }))
  const result = companyHealth(statuses, reading.connections, {
    now,
    staleHours: options.staleHours,
  })
  const before = new Map(previous?.dataTypes.map((type) => [type.dataType, type]))
  const changes: HealthChange[] = []
  const dataTypes: StoredDataType[] = reading.dataTypes.map((type, index) => {
    const health: DataTypeHealth = result.types[index]?.health ?? 'other'
    const old = before.get(type.dataType)
    const next = {
      dataType: type.dataType,
      status: type.status,
      lastSuccessfulSync: type.lastSuccessfulSync,
      latestSyncId: type.latestSyncId,
      health,
      ...sinceAndFailures(old, type, health, options),
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

  const problems: StoredProblem[] = [
    // A connection waiting for the end user first: it is why the company needs a relink.
    ...connectionProblems(reading.connections),
    ...dataTypes
      .filter(
        (type) =>
          ALWAYS_SHOWN.has(type.health) ||
          // Types that make the company what it is (in progress, never synced); never healthy ones.
          (type.health === result.health && type.health !== 'healthy'),
      )
      .sort(
        (a, b) =>
          (ORDER.get(a.health) ?? 99) - (ORDER.get(b.health) ?? 99) ||
          a.dataType.localeCompare(b.dataType),
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
      platforms: [...new Set(reading.connections.map((c) => c.platformName))].sort(),
      oldestLastSuccessfulSync: synced[0] ?? null,
      readAt: options.readAt,
      hasInProgress: dataTypes.some((type) => isInProgress(type.status ?? undefined)),
      readProblem: reading.cutShort ?? null,
    },
    changes,
  }
}

function sinceAndFailures(
  old: StoredDataType | undefined,
  type: TypeReading,
  health: DataTypeHealth,
  options: AssessOptions,
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
