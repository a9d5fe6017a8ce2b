// The query language and orderBy on pull-operation history, as Codat's PullApi answers them.
import { describe, expect, it } from 'vitest'
import type { PullOperation } from './operation-lifecycle.ts'
import { parseQuery, QueryError } from './query-language.ts'
import { SEED } from './seed.ts'
import { getJson, type PageJson } from './sim-test-fetch.ts'

const big = SEED.bigHistory.id

async function select(query: string, extra = ''): Promise<PageJson<PullOperation>> {
  const search = `?pageSize=5000&query=${encodeURIComponent(query)}${extra}`
  const { status, body } = await getJson<PageJson<PullOperation>>(
    `/companies/${big}/data/history${search}`,
  )
  expect(status).toBe(200)
  return body
}

describe('query', () => {
  it('filters with = and != (totalResults counts after the filter)', async () => {
    const failed = await select('status=FetchError')
    expect(failed.totalResults).toBeGreaterThan(100)
    expect(failed.totalResults).toBeLessThan(SEED.bigHistory.historySize / 10)
    expect(new Set(failed.results.map((op) => op.status))).toEqual(new Set(['FetchError']))
    const notComplete = await select('status!=Complete')
    expect(notComplete.results.some((op) => op.status === 'Complete')).toBe(false)
  })

  it('matches ~ as a case-insensitive contains', async () => {
    const body = await select('dataType~INVOICE')
    expect(new Set(body.results.map((op) => op.dataType))).toEqual(new Set(['invoices']))
  })

  it('combines with && and ||, and groups with { }', async () => {
    const either = await select('status=FetchError||status=MapError')
    const fetchOnly = await select('status=FetchError')
    const mapOnly = await select('status=MapError')
    expect(either.totalResults).toBe(fetchOnly.totalResults + mapOnly.totalResults)
    const grouped = await select('{status=FetchError||status=MapError}&&dataType=invoices')
    expect(grouped.totalResults).toBeGreaterThan(0)
    for (const op of grouped.results) {
      expect(op.dataType).toBe('invoices')
      expect(['FetchError', 'MapError']).toContain(op.status)
    }
    // && binds tighter than ||, so without braces the meaning changes.
    const loose = await select('status=FetchError||status=MapError&&dataType=invoices')
    expect(loose.totalResults).toBeGreaterThan(grouped.totalResults)
  })

  it('filters by connectionId and by dates', async () => {
    const all = await select(`connectionId=${SEED.bigHistory.connectionId}`)
    expect(all.totalResults).toBe(SEED.bigHistory.historySize)
    const newest = all.results[0]?.requested.slice(0, 10) ?? ''
    const recent = await select(`requested>=${newest}`)
    expect(recent.totalResults).toBeGreaterThan(0)
    expect(recent.totalResults).toBeLessThan(60)
  })

  it('keeps the query in the paging links', async () => {
    const query = 'status!=Complete&&status!=NotSupported'
    const body = await select(query, '&orderBy=-requested')
    expect(body._links.current?.href).toBe(
      `/companies/${big}/data/history?page=1&pageSize=5000&query=${encodeURIComponent(query)}&orderBy=-requested`,
    )
  })

  it('answers 400 from PullApi for an unknown property or broken syntax', async () => {
    const path = (query: string) =>
      `/companies/${big}/data/history?query=${encodeURIComponent(query)}`
    const unknown = await getJson<{ statusCode: number; service: string; error: string }>(
      path('isCompleted=true'),
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({
      statusCode: 400,
      service: 'PullApi',
      error: 'Error parsing query - Could not resolve property isCompleted on Dataset',
    })
    for (const broken of ['status=', '{status=Complete', 'status', 'status=Complete}']) {
      expect((await getJson(path(broken))).status).toBe(400)
    }
  })

  it('parses nested groups and rejects an empty one', () => {
    expect(parseQuery('{a=1||{b~x&&c!=2}}&&d>=2024-01-01')).toMatchObject({ kind: 'and' })
    expect(() => parseQuery('{}')).toThrow(QueryError)
  })
})

describe('orderBy', () => {
  const ordered = async (orderBy: string) =>
    (
      await getJson<PageJson<PullOperation>>(
        `/companies/${SEED.healthy.id}/data/history?pageSize=500&orderBy=${orderBy}`,
      )
    ).body.results

  it('is newest first by default', async () => {
    const results = await ordered('')
    const requested = results.map((op) => op.requested)
    expect(requested).toEqual([...requested].sort().reverse())
  })

  it.each(['requested', 'completed', 'dataType', 'status'] as const)(
    'sorts by %s, ascending and with - descending',
    async (field) => {
      const up = (await ordered(field)).map((op) => op[field] ?? '')
      expect(up).toEqual([...up].sort())
      const down = (await ordered(`-${field}`)).map((op) => op[field] ?? '')
      expect(down).toEqual([...down].sort().reverse())
    },
  )

  it('answers 400 for a field it cannot sort on', async () => {
    const { status } = await getJson(
      `/companies/${SEED.healthy.id}/data/history?orderBy=-modifiedDate`,
    )
    expect(status).toBe(400)
  })
})
