// Filter, sort and page fleet rows in memory: the reference semantics of GET /api/fleet.
import { z } from 'zod'
import { COMPANY_HEALTHS, compareHealth, type CompanyHealth } from './health.ts'
import type { FleetRow } from './fleet-row.ts'
import { nameMatches, searchWords } from './name-search.ts'
import { readSortOrder } from './sort-order.ts'

export const FLEET_SORT_FIELDS = ['health', 'name', 'oldestSync', 'readAt'] as const
export const fleetSortFieldSchema = z.enum(FLEET_SORT_FIELDS)
export type FleetSortField = z.infer<typeof fleetSortFieldSchema>
/** A sort field, `-` first for descending: `name`, `-readAt`. */
export const fleetSortSchema = z.union([
  fleetSortFieldSchema,
  z.templateLiteral(['-', fleetSortFieldSchema]),
])
export type FleetSort = z.infer<typeof fleetSortSchema>

/**
 * A fleet request with its defaults filled in. The semantics, which the server's SQL must
 * match (the shared cases in `fleet-query-cases.ts` check both):
 * - `health`: the company's health equals it.
 * - `dataType`: the company has a problem (a listed unhealthy type) of that data type.
 * - `platform`: one of the company's platforms equals it exactly.
 * - `q`: the name contains every word of it, in any order, ignoring case and accents (the
 *   company search's rule, `name-search.ts`; `%` and `_` are plain characters), or the company
 *   ID equals it, ignoring case.
 * - `sort`: `health` worst first; `name` by lower-cased name (code-point order, i.e.
 *   `lower(name) COLLATE "C"`); `oldestSync` and `readAt` oldest first, where null (never
 *   synced, never read) is older than any time (SQL: `NULLS FIRST`, and `DESC NULLS LAST`).
 *   `-` reverses the field; ties always go by lower-cased name, then ID, ascending.
 * - paging: 1-based `page`; a page past the end is empty, `totalResults` still counts all.
 */
export interface FleetRowQuery {
  health?: CompanyHealth
  dataType?: string
  platform?: string
  q?: string
  sort: FleetSort
  page: number
  pageSize: number
}

export interface FleetRowPage<Row = FleetRow> {
  results: Row[]
  pageNumber: number
  pageSize: number
  totalResults: number
}

function matches(row: FleetRow, query: FleetRowQuery): boolean {
  if (query.health !== undefined && row.health !== query.health) return false
  if (query.platform !== undefined && !row.platforms.includes(query.platform)) return false
  if (query.dataType !== undefined && !row.problems.some((p) => p.dataType === query.dataType))
    return false
  if (query.q !== undefined) {
    const isId = row.id.toLowerCase() === query.q.toLowerCase()
    if (!isId && !nameMatches(row.name, searchWords(query.q))) return false
  }
  return true
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function tieBreak(a: FleetRow, b: FleetRow): number {
  return byCodePoint(a.name.toLowerCase(), b.name.toLowerCase()) || byCodePoint(a.id, b.id)
}

const epoch = (value: string | null): number | null => (value === null ? null : Date.parse(value))

/** Null is older than any time; `sign` is 1 ascending, -1 descending. */
function compareTimes(a: string | null, b: string | null, sign: number): number {
  const x = epoch(a) ?? -Infinity
  const y = epoch(b) ?? -Infinity
  return x === y ? 0 : sign * (x < y ? -1 : 1)
}

function comparator(sort: FleetSort): (a: FleetRow, b: FleetRow) => number {
  const { id: field, desc } = readSortOrder(sort)
  const sign = desc ? -1 : 1
  const primary = (a: FleetRow, b: FleetRow): number => {
    switch (field) {
      case 'name':
        return sign * byCodePoint(a.name.toLowerCase(), b.name.toLowerCase())
      case 'oldestSync':
        return compareTimes(a.oldestLastSuccessfulSync, b.oldestLastSuccessfulSync, sign)
      case 'readAt':
        return compareTimes(a.readAt, b.readAt, sign)
      case 'health':
        return sign * compareHealth(a.health, b.health)
    }
  }
  return (a, b) => primary(a, b) || tieBreak(a, b)
}

export function queryFleetRows<Row extends FleetRow>(
  rows: readonly Row[],
  query: FleetRowQuery,
): FleetRowPage<Row> {
  const found = rows.filter((row) => matches(row, query)).sort(comparator(query.sort))
  const start = (query.page - 1) * query.pageSize
  return {
    results: found.slice(start, start + query.pageSize),
    pageNumber: query.page,
    pageSize: query.pageSize,
    totalResults: found.length,
  }
}

/** Counts per health over every row given (the whole fleet, not a filtered page). */
export function summarizeFleetRows(rows: readonly FleetRow[]): {
  total: number
  byHealth: Record<CompanyHealth, number>
} {
  const byHealth = Object.fromEntries(COMPANY_HEALTHS.map((health) => [health, 0])) as Record<
    CompanyHealth,
    number
  >
  for (const row of rows) byHealth[row.health] += 1
  return { total: rows.length, byHealth }
}
