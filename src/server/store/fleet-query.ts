// The fleet screen's one query: summary counts plus a filtered, sorted page of company summaries.
import type { SqlRunner } from './database.ts'
import { COMPANY_HEALTHS, type CompanyHealthValue, type StoredProblem } from './fleet-records.ts'

export type FleetSortKey = 'health' | 'name' | 'oldestSync' | 'readAt'

export interface FleetQuery {
  health?: CompanyHealthValue
  dataType?: string
  platform?: string
  /** Part of the company name, any case, or a whole company ID. */
  q?: string
  sort: FleetSortKey
  descending: boolean
  page: number
  pageSize: number
}

export interface FleetCompanyRow {
  id: string
  name: string
  health: CompanyHealthValue
  platforms: string[]
  oldestLastSuccessfulSync: string | null
  readAt: string | null
  problems: StoredProblem[]
}

export interface FleetPage {
  summary: { total: number; byHealth: Record<CompanyHealthValue, number> }
  companies: {
    results: FleetCompanyRow[]
    pageNumber: number
    pageSize: number
    totalResults: number
  }
}

// The order of src/lib/fleet-query.ts: `-` reverses the field only; ties always go by the
// lower-cased name, then the id, ascending, byte by byte, so pages never overlap or skip.
const TIE = 'name_key COLLATE "C", id COLLATE "C"'
const ORDER: Record<FleetSortKey, (desc: boolean) => string> = {
  health: (desc) => `health_rank ${desc ? 'DESC' : 'ASC'}, ${TIE}`,
  name: (desc) => `name_key COLLATE "C" ${desc ? 'DESC' : 'ASC'}, id COLLATE "C"`,
  // Null (never synced, never read) is older than any time.
  oldestSync: (desc) => `oldest_last_sync ${desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, ${TIE}`,
  readAt: (desc) => `read_at ${desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, ${TIE}`,
}

interface Row {
  id: string
  name: string
  health: CompanyHealthValue
  platforms: string[]
  oldest_last_sync: Date | null
  read_at: Date | null
  problems: StoredProblem[]
}

export async function queryFleet(db: SqlRunner, query: FleetQuery): Promise<FleetPage> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  if (query.health) where.push(`health = ${add(query.health)}`)
  if (query.dataType) where.push(`${add(query.dataType)} = ANY(problem_types)`)
  if (query.platform) where.push(`${add(query.platform)} = ANY(platforms)`)
  if (query.q) {
    const q = add(query.q.toLowerCase())
    where.push(`(strpos(name_key, ${q}) > 0 OR lower(id) = ${q})`)
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
  const offset = (query.page - 1) * query.pageSize

  const [counts, page, matching] = await Promise.all([
    db.query<{ health: CompanyHealthValue; n: number }>(
      'SELECT health, count(*)::int AS n FROM fleet_companies GROUP BY health',
    ),
    db.query<Row>(
      `SELECT id, name, health, platforms, oldest_last_sync, read_at, problems
       FROM fleet_companies ${filter}
       ORDER BY ${ORDER[query.sort](query.descending)}
       LIMIT ${add(query.pageSize)} OFFSET ${add(offset)}`,
      params,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM fleet_companies ${filter}`,
      params.slice(0, where.length),
    ),
  ])
  const byHealth = Object.fromEntries(COMPANY_HEALTHS.map((h) => [h, 0])) as Record<
    CompanyHealthValue,
    number
  >
  for (const row of counts) if (row.health in byHealth) byHealth[row.health] = row.n
  return {
    summary: { total: Object.values(byHealth).reduce((a, b) => a + b, 0), byHealth },
    companies: {
      results: page.map((row) => ({
        id: row.id,
        name: row.name,
        health: row.health,
        platforms: row.platforms,
        oldestLastSuccessfulSync: row.oldest_last_sync?.toISOString() ?? null,
        readAt: row.read_at?.toISOString() ?? null,
        problems: row.problems,
      })),
      pageNumber: query.page,
      pageSize: query.pageSize,
      totalResults: matching[0]?.n ?? 0,
    },
  }
}
