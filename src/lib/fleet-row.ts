// One company's fleet row (health, problems, platforms, oldest success) from what Codat says about it.
import { parseCodatDate, type CodatDate } from './dates'
import {
  companyHealth,
  compareHealth,
  connectionProblems,
  type CompanyHealth,
  type ConnectionInput,
  type DataStatusInput,
  type DataTypeHealth,
  type HealthOptions,
} from './health'

/** The shape of a fleet row; `FleetCompany` in `api/fleet-schemas.ts` is this, checked by zod. */
export interface FleetRow {
  id: string
  name: string
  health: CompanyHealth
  platforms: string[]
  oldestLastSuccessfulSync: string | null
  readAt: string | null
  problems: FleetRowProblem[]
  /** Why the last reading could not take the whole company (a capped or repeating list); absent or null when it did. */
  readProblem?: string | null
}

export interface FleetRowProblem {
  dataType: string
  health: DataTypeHealth
  status: string | null
  since: string | null
  failuresInARow: number | null
}

/** What the caller knows about a type's past, e.g. from stored health changes or history. */
export interface TypeHistory {
  /** When the type entered its current health (ISO-8601 UTC). */
  since?: string | null
  /** Failed reads since the last success. */
  failuresInARow?: number | null
}

export interface FleetRowInput {
  id: string
  name: string
  connections: readonly (ConnectionInput & { platformName: string })[]
  dataStatuses: Readonly<Record<string, DataStatusInput>> | readonly DataStatusInput[]
  /** When the company was read (ISO-8601 UTC), null before the first read. */
  readAt: string | null
  history?: Readonly<Record<string, TypeHistory>>
}

/** Types worth a line in the fleet table: all but healthy and NotSupported ones. */
const QUIET: ReadonlySet<DataTypeHealth> = new Set(['healthy', 'not_supported'])

/** Ranked healths first, worst first; `other` (Cancelled, new statuses) after them. */
function problemOrder(a: FleetRowProblem, b: FleetRowProblem): number {
  const rank = (health: DataTypeHealth) =>
    health === 'other' || health === 'not_supported' ? 99 : compareHealth(health, 'needs_relink')
  return rank(a.health) - rank(b.health) || (a.dataType < b.dataType ? -1 : 1)
}

function epochOf(value: CodatDate | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined
  return typeof value === 'string' ? parseCodatDate(value)?.epochMs : value.epochMs
}

export function buildFleetRow(input: FleetRowInput, options: HealthOptions): FleetRow {
  const { health, types } = companyHealth(input.dataStatuses, input.connections, options)
  const statuses = Array.isArray(input.dataStatuses)
    ? (input.dataStatuses as readonly DataStatusInput[])
    : Object.values(input.dataStatuses as Readonly<Record<string, DataStatusInput>>)
  let oldest: number | undefined
  for (const status of statuses) {
    const at = epochOf(status.lastSuccessfulSync)
    if (at !== undefined && (oldest === undefined || at < oldest)) oldest = at
  }
  const problems = types
    .filter((type) => !QUIET.has(type.health))
    .map((type) => {
      const past = input.history?.[type.dataType]
      return {
        dataType: type.dataType,
        health: type.health,
        status: type.status,
        since: past?.since ?? null,
        failuresInARow: past?.failuresInARow ?? null,
      }
    })
    .sort(problemOrder)
  // A connection waiting for the end user comes first: it is why the company needs a relink.
  problems.unshift(...connectionProblems(input.connections))
  return {
    id: input.id,
    name: input.name,
    health,
    platforms: [...new Set(input.connections.map((connection) => connection.platformName))],
    oldestLastSuccessfulSync: oldest === undefined ? null : new Date(oldest).toISOString(),
    readAt: input.readAt,
    problems,
  }
}
