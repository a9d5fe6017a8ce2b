import { describe, expect, it } from 'vitest'
import { fleetParamsObject, fleetQuerySchema, resolveFleetQuery } from '../api/fleet-schemas.ts'
import { FLEET_CASE_ROWS, FLEET_CASE_SUMMARY, FLEET_QUERY_CASES } from './fleet-query-cases.ts'
import { queryFleetRows, summarizeFleetRows } from './fleet-query.ts'

describe('queryFleetRows over the shared cases', () => {
  it.each(FLEET_QUERY_CASES)('$name', ({ query, ids, totalResults }) => {
    const parsed = fleetQuerySchema.parse(fleetParamsObject(new URLSearchParams(query)))
    const page = queryFleetRows(FLEET_CASE_ROWS, resolveFleetQuery(parsed))
    expect(page.results.map((row) => row.id)).toEqual(ids)
    expect(page.totalResults).toBe(totalResults)
    expect(page.pageNumber).toBe(parsed.page ?? 1)
  })

  it('does not reorder the rows it was given', () => {
    const before = FLEET_CASE_ROWS.map((row) => row.id)
    queryFleetRows(FLEET_CASE_ROWS, { sort: '-name', page: 1, pageSize: 100 })
    expect(FLEET_CASE_ROWS.map((row) => row.id)).toEqual(before)
  })
})

describe('summarizeFleetRows', () => {
  it('counts every health over the whole fleet', () => {
    expect(summarizeFleetRows(FLEET_CASE_ROWS)).toEqual(FLEET_CASE_SUMMARY)
  })

  it('has a zero for every health of an empty fleet', () => {
    const summary = summarizeFleetRows([])
    expect(summary.total).toBe(0)
    expect(Object.values(summary.byHealth)).toEqual([0, 0, 0, 0, 0, 0, 0])
  })
})
