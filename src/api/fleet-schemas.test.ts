import { describe, expect, it } from 'vitest'
import {
  fleetParamsObject,
  fleetQuerySchema,
  fleetResponseSchema,
  fleetSearchSchema,
  resolveFleetQuery,
  type FleetResponse,
} from './fleet-schemas.ts'
import { fleetAnswer } from '../test/fleet-answers.ts'

const answer: FleetResponse = fleetAnswer({
  scan: { state: 'running', progress: { done: 412, total: 1200 } },
  companies: [
    {
      id: '8a210b68-6988-11ed-a1eb-0242ac120002',
      name: 'Toft Stores',
      health: 'failing',
      platforms: ['Xero'],
      oldestLastSuccessfulSync: '2026-06-08T09:00:00Z',
      readAt: '2026-06-10T11:58:00Z',
      problems: [
        {
          dataType: 'invoices',
          health: 'failing',
          status: 'FetchError',
          since: '2026-06-08T09:00:00Z',
          failuresInARow: 3,
        },
      ],
    },
  ],
})

describe('fleetResponseSchema', () => {
  it('accepts the documented answer', () => {
    expect(fleetResponseSchema.parse(answer)).toEqual(answer)
  })

  it('needs a count for every health', () => {
    const { no_connections: _, ...missing } = answer.summary.byHealth
    const broken = { ...answer, summary: { ...answer.summary, byHealth: missing } }
    expect(fleetResponseSchema.safeParse(broken).success).toBe(false)
  })

  it('refuses a health outside the contract and a time that is not ISO-8601', () => {
    const company = answer.companies.results[0]!
    const badHealth = { ...company, health: 'sick' }
    const badTime = { ...company, readAt: '10/06/2026' }
    for (const row of [badHealth, badTime]) {
      const broken = { ...answer, companies: { ...answer.companies, results: [row] } }
      expect(fleetResponseSchema.safeParse(broken).success).toBe(false)
    }
  })
})

describe('fleet request params', () => {
  it('reads a full request', () => {
    const params = new URLSearchParams(
      'health=failing&dataType=banking-accounts&platform=Xero&q=%20toft%20&sort=-oldestSync&page=3&pageSize=500',
    )
    expect(fleetQuerySchema.parse(fleetParamsObject(params))).toEqual({
      health: 'failing',
      dataType: 'banking-accounts',
      platform: 'Xero',
      q: 'toft',
      sort: '-oldestSync',
      page: 3,
      pageSize: 500,
    })
  })

  it.each([
    ['health=sick'],
    ['sort=created'],
    ['sort=--name'],
    ['page=0'],
    ['page=1.5'],
    ['pageSize=501'],
    ['dataType=invoices;drop'],
  ])('the server refuses %s', (query) => {
    const params = fleetParamsObject(new URLSearchParams(query))
    expect(fleetQuerySchema.safeParse(params).success).toBe(false)
  })

  it('treats empty params as absent and fills in defaults', () => {
    const params = fleetParamsObject(new URLSearchParams('health=&q=&page='))
    const query = fleetQuerySchema.parse(params)
    expect(query).toEqual({})
    expect(resolveFleetQuery(query)).toEqual({ sort: 'health', page: 1, pageSize: 100 })
  })

  it('the screen falls back to defaults field by field', () => {
    expect(fleetSearchSchema.parse({ health: 'sick', page: '0', platform: 'Xero' })).toEqual({
      health: undefined,
      page: undefined,
      platform: 'Xero',
      dataType: undefined,
      q: undefined,
      sort: undefined,
      pageSize: undefined,
    })
  })
})
