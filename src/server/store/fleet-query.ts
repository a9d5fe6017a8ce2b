// The fleet screen's one query: summary counts plus a filtered, sorted page of company summaries.
import type { FleetSummary, ResolvedFleetQuery } from '../../api/fleet-schemas.ts'
import type { FleetRowPage, FleetSortField } from '../../lib/fleet-query.ts'
import { readSortOrder } from '../../lib/sort-order.ts'
import { searchWords } from '../../lib/name-search.ts'
import type { SqlRunner } from './database.ts'
import type { FleetRow } from '../../lib/fleet-row.ts'
import { COMPANY_HEALTHS, type CompanyHealth } from '../../lib/health.ts'

/** The store's part of `GET /api/fleet`: the whole fleet's counts and one page of companies. */
export interface FleetAnswer {
  summary: FleetSummary
  companies: FleetRowPage<FleetRow>
}

// The order of src/lib/fleet-query.ts: `-` reverses the field only; ties always go by the
// lower-cased name, then the id, ascending, byte by byte, so pages never overlap or skip.
const TIE = 'name_key COLLATE "C", id COLLATE "C"'
const ORDER: Record<FleetSortField, (desc: boolean) => string> = {
  health: (desc) => `health_rank ${desc ? 'DESC' : 'ASC'}, ${TIE}`,
  name: (desc) => `name_key COLLATE "C" ${desc ? 'DESC' : 'ASC'}, id COLLATE "C"`,
  // Null (never synced, never read) is older than any time.
  oldestSync: (desc) => `oldest_last_sync ${desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, ${TIE}`,
  readAt: (desc) => `read_at ${desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}, ${TIE}`,
}

/** The page as one JSON text: parsed once, natively, instead of cell by cell. */
const PAGE_JSON = `coalesce(json_agg(json_build_object('id', c.id, 'name', c.name,
  'health', c.health, 'platforms', c.platforms, 'oldestLastSuccessfulSync', c.oldest_last_sync,
  'readAt', c.read_at, 'problems', c.problems, 'readProblem', c.read_problem)
  ORDER BY page.position)::text, '[]') AS page`

/** json_build_object writes times in the session's zone, e.g. `2026-11-30T10:00:00+00:00`. */
const isoOrNull = (value: string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

/** The Fleet's filters (health, data type, platform, name or ID) as a WHERE clause. */
export function fleetFilterSql(
  query: Pick<ResolvedFleetQuery, 'health' | 'dataType' | 'platform' | 'q'>,
  add: (value: unknown) => string,
): string {
  const where: string[] = []
  // The rank, not the name: the health sort's index then also serves "this health, by name".
  if (query.health) where.push(`health_rank = ${add(COMPANY_HEALTHS.indexOf(query.health))}`)
  if (query.dataType) where.push(`${add(query.dataType)} = ANY(problem_types)`)
  if (query.platform) where.push(`${add(query.platform)} = ANY(platforms)`)
  if (query.q) {
    // Every word in the folded name (src/lib/name-search.ts), or the whole ID.
    const words = searchWords(query.q).map((word) => `strpos(search_key, ${add(word)}) > 0`)
    const name = words.length > 0 ? words.join(' AND ') : 'false'
    where.push(`((${name}) OR lower(id) = ${add(query.q.toLowerCase())})`)
  }
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
}

/**
 * Every company the filters match, by name, up to `limit` of them, and how many match in all:
 * the whole store, not a page (a bulk refresh of "everything in this filter").
 */
export async function matchingCompanyIds(
  db: SqlRunner,
  query: Pick<ResolvedFleetQuery, 'health' | 'dataType' | 'platform' | 'q'>,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const params: unknown[] = []
  const add = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const filter = fleetFilterSql(query, add)
  const [row] = await db.query<{ total: number; ids: string[] | null }>(
    `SELECT (SELECT count(*)::int FROM fleet_companies ${filter}) AS total,
       ARRAY(SELECT id FROM fleet_companies ${filter}
         ORDER BY name_key COLLATE "C", id COLLATE "C" LIMIT ${add(limit)}) AS ids`,
    params,
  )
  return { ids: row?.ids ?? [], total: row?.total ?? 0 }
}

export async function queryFleet(db: SqlRunner, query: ResolvedFleetQuery): Promise<FleetAnswer> {
  const params: unknown[] = []
  const add = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const filter = fleetFilterSql(query, add)
  const offset = (query.page - 1) * query.pageSize
  const sort = readSortOrder(query.sort)
  // How many match: the counts per health are kept by the database. A name search reads the
  // name index alone, so it is counted apart and the page stops at its last row; a data type or
  // platform needs every row read, and that one pass gives both the count and the page.
  const counted = query.dataType === undefined && query.platform === undefined
  const total = counted
    ? query.q
      ? `(SELECT count(*)::int FROM fleet_companies ${filter})`
      : 'NULL::int'
    : '(SELECT count(*)::int FROM matching)'
  // The page's ids first, from the indexes alone where the filters allow; then just their rows.
  const pageSql = `SELECT ${total} AS total, ${PAGE_JSON}
    FROM unnest(ARRAY(
      SELECT id FROM ${counted ? `fleet_companies ${filter}` : 'matching'}
      ORDER BY ${ORDER[sort.id](sort.desc)}
      LIMIT ${add(query.pageSize)} OFFSET ${add(offset)}
    )) WITH ORDINALITY AS page (id, position)
    JOIN fleet_companies c ON c.id = page.id`

  const [counts, [page]] = await Promise.all([
    db.query<{ health: CompanyHealth; n: number }>(
      'SELECT health, companies AS n FROM fleet_health_counts',
    ),
    db.query<{ page: string; total: number | null }>(
      counted
        ? pageSql
        : `WITH matching AS MATERIALIZED (
             SELECT id, name_key, health_rank, oldest_last_sync, read_at
             FROM fleet_companies ${filter})
           ${pageSql}`,
      params,
    ),
  ])
  const byHealth = Object.fromEntries(COMPANY_HEALTHS.map((h) => [h, 0])) as Record<
    CompanyHealth,
    number
  >
  for (const row of counts) if (row.health in byHealth) byHealth[row.health] = row.n
  const fleetTotal = Object.values(byHealth).reduce((a, b) => a + b, 0)
  return {
    summary: { total: fleetTotal, byHealth },
    companies: {
      results: (
        JSON.parse(page?.page ?? '[]') as (FleetRow & { readProblem: string | null })[]
      ).map(({ readProblem, ...row }) => ({
        ...row,
        oldestLastSuccessfulSync: isoOrNull(row.oldestLastSuccessfulSync),
        readAt: isoOrNull(row.readAt),
        ...(readProblem !== null && { readProblem }),
      })),
      pageNumber: query.page,
      pageSize: query.pageSize,
      totalResults: page?.total ?? (query.health ? byHealth[query.health] : fleetTotal),
    },
  }
}
