// Every kind of response the simulation gives validates against Codat's OpenAPI subset.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createHandlers } from './handlers.ts'
import { createManualClock } from './manual-clock.ts'
import { server } from './node.ts'
import { createContractValidator, type Json } from './openapi-validator.ts'
import { OTHER_COMPANY_IDS } from './seed-cast.ts'
import { SEED } from './seed.ts'
import { createWorld } from './world.ts'

// The vendored copy of Codat's OpenAPI subset (see contract/openapi-subset.source.md). Under jsdom
// import.meta.url is not a file URL, so the path is resolved from the project root.
const SPEC_PATH = resolve(process.cwd(), 'src/mocks/contract/openapi-subset.json')
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json

const originalRequired = (): unknown =>
  (spec as { components: { schemas: { DataStatus: { required: unknown } } } }).components.schemas
    .DataStatus.required

const contract = createContractValidator(spec, (doc) => {
  // Codat's docs show a never-synced type as `{ dataType }` alone, while the spec requires
  // currentStatus; the simulation follows the docs, so that one requirement is relaxed.
  const schemas = doc.components as { schemas: { DataStatus: { required: string[] } } }
  schemas.schemas.DataStatus.required = ['dataType']
})

const COMPANY_IDS = [
  ...Object.values(SEED).map((company) => company.id),
  ...Object.values(OTHER_COMPANY_IDS),
]

/** Fetches and validates against the response the spec declares for that status. */
async function expectValid(
  specPath: string,
  method: 'get' | 'post',
  url: string,
  expectedStatus: number,
): Promise<unknown> {
  const response = await fetch(`/api${url}`, { method: method.toUpperCase() })
  expect(response.status, url).toBe(expectedStatus)
  expect(contract.declaredStatuses(specPath, method)).toContain(String(expectedStatus))
  const body: unknown = await response.json()
  const validate = contract.response(specPath, method, String(expectedStatus))
  if (!validate) throw new Error(`No schema for ${specPath} ${expectedStatus}`)
  expect(validate(body) ? [] : validate.errors, url).toEqual([])
  return body
}

describe('the contract holds for', () => {
  it('the relaxation is still needed: the spec requires currentStatus', () => {
    expect(originalRequired()).toEqual(['dataType', 'currentStatus'])
  })

  it.each(COMPANY_IDS)('company %s: detail, connections, data status and history', async (id) => {
    await expectValid('/companies/{companyId}', 'get', `/companies/${id}`, 200)
    await expectValid(
      '/companies/{companyId}/connections',
      'get',
      `/companies/${id}/connections`,
      200,
    )
    await expectValid(
      '/companies/{companyId}/dataStatus',
      'get',
      `/companies/${id}/dataStatus`,
      200,
    )
    const path = '/companies/{companyId}/data/history'
    await expectValid(path, 'get', `/companies/${id}/data/history?pageSize=2000`, 200)
  })

  it('generated fleet companies: every profile, detail, connections, data status and history', async () => {
    const world = createWorld({ generatedCompanies: 24 })
    server.use(...createHandlers(world))
    const generated = world.companies().slice(-24)
    for (const { id } of generated) {
      await expectValid('/companies/{companyId}', 'get', `/companies/${id}`, 200)
      const connections = `/companies/${id}/connections`
      await expectValid('/companies/{companyId}/connections', 'get', connections, 200)
      await expectValid(
        '/companies/{companyId}/dataStatus',
        'get',
        `/companies/${id}/dataStatus`,
        200,
      )
      const path = '/companies/{companyId}/data/history'
      await expectValid(path, 'get', `/companies/${id}/data/history?pageSize=200`, 200)
    }
    await expectValid('/companies', 'get', '/companies?page=2&pageSize=20', 200)
  }, 30_000)

  it('company answers without dataConnections, as the spec allows', async () => {
    const body = JSON.stringify({ omitDataConnections: true })
    await fetch('/api/_sim/options', { method: 'PUT', body })
    const company = await expectValid(
      '/companies/{companyId}',
      'get',
      `/companies/${SEED.healthy.id}`,
      200,
    )
    expect(company).not.toHaveProperty('dataConnections')
    await expectValid('/companies', 'get', '/companies', 200)
  })

  it('company lists, plain, searched, ordered and paged', async () => {
    for (const search of ['', '?query=name~a&pageSize=3&page=2', '?orderBy=-created', '?page=9']) {
      await expectValid('/companies', 'get', `/companies${search}`, 200)
    }
  })

  it('history pages with a query and a single pull operation', async () => {
    const path = '/companies/{companyId}/data/history'
    const url = `/companies/${SEED.bigHistory.id}/data/history?page=2&pageSize=500&query=status!=Complete`
    const page = (await expectValid(path, 'get', url, 200)) as { results: Array<{ id: string }> }
    const id = page.results[0]?.id ?? ''
    await expectValid(
      `${path}/{datasetId}`,
      'get',
      `/companies/${SEED.bigHistory.id}/data/history/${id}`,
      200,
    )
  })

  it('a pull operation at each stage of its life, and each way it can end', async () => {
    const clock = createManualClock()
    const world = createWorld({ now: clock.now })
    server.use(...createHandlers(world))
    const queue = '/companies/{companyId}/data/queue/{dataType}'
    const one = '/companies/{companyId}/data/history/{datasetId}'
    const op = (await expectValid(
      queue,
      'post',
      `/companies/${SEED.healthy.id}/data/queue/invoices`,
      200,
    )) as {
      id: string
      status: string
    }
    expect(op.status).toBe('Queued')
    const seen = new Set<string>()
    for (let step = 0; step < 40; step++) {
      clock.advance(600)
      const url = `/companies/${SEED.healthy.id}/data/history/${op.id}`
      seen.add(((await expectValid(one, 'get', url, 200)) as { status: string }).status)
    }
    expect(seen).toEqual(new Set(['Queued', 'Fetching', 'Mapping', 'Complete']))
    const endings: Array<[string, string]> = [
      [SEED.failing.id, 'invoices'],
      [SEED.failing.id, 'journalEntries'],
      [SEED.deauthorized.id, 'bills'],
      [SEED.healthy.id, 'banking-accounts'],
      [SEED.rateLimited.id, 'payments'],
    ]
    const ids = []
    for (const [companyId, dataType] of endings) {
      const url = `/companies/${companyId}/data/queue/${dataType}`
      ids.push([companyId, ((await expectValid(queue, 'post', url, 200)) as { id: string }).id])
    }
    clock.advance(60_000)
    const statuses = []
    for (const [companyId, id] of ids) {
      const url = `/companies/${companyId}/data/history/${id}`
      statuses.push(((await expectValid(one, 'get', url, 200)) as { status: string }).status)
    }
    expect(statuses).toEqual([
      'FetchError',
      'MapError',
      'AuthError',
      'NotSupported',
      'RateLimitError',
    ])
    await expectValid(
      '/companies/{companyId}/dataStatus',
      'get',
      `/companies/${SEED.failing.id}/dataStatus`,
      200,
    )
  })

  it('refresh-all: the spec declares 204 with no body, and that is what comes back', async () => {
    const response = await fetch(`/api/companies/${SEED.healthy.id}/data/all`, { method: 'POST' })
    expect(response.status).toBe(204)
    expect(contract.response('/companies/{companyId}/data/all', 'post', '204')).toBeUndefined()
  })

  it('error bodies: 400, 404, 429, 500 and 503', async () => {
    const history = '/companies/{companyId}/data/history'
    await expectValid(
      history,
      'get',
      `/companies/${SEED.healthy.id}/data/history?query=isCompleted=true`,
      400,
    )
    const queue = '/companies/{companyId}/data/queue/{dataType}'
    await fetch(`/api/companies/${SEED.healthy.id}/data/queue/bills`, { method: 'POST' })
    await expectValid(queue, 'post', `/companies/${SEED.healthy.id}/data/queue/bills`, 400)
    await expectValid(
      '/companies/{companyId}',
      'get',
      `/companies/${SEED.healthy.connectionId}`,
      404,
    )
    const faults: Array<[string, number]> = [
      ['rate-limit', 429],
      ['server-error', 500],
      ['unavailable', 503],
    ]
    for (const [mode, status] of faults) {
      await fetch('/api/_sim/faults', {
        method: 'PUT',
        body: JSON.stringify({ mode, remaining: 1 }),
      })
      await expectValid('/companies', 'get', '/companies', status)
    }
  })

  it('error bodies: 401 when authorization is refused', async () => {
    server.use(...createHandlers(createWorld(), { auth: () => false }))
    await expectValid(
      '/companies/{companyId}/dataStatus',
      'get',
      `/companies/${SEED.healthy.id}/dataStatus`,
      401,
    )
  })
})

describe('the validator itself', () => {
  const operation = {
    id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    companyId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    connectionId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    dataType: 'invoices',
    status: 'Fetching',
    requested: '2022-11-14T11:18:37.2798351Z',
    progress: 10,
    isCompleted: false,
    isErrored: false,
  }

  it('accepts a good pull operation and null where the spec says nullable', () => {
    const validate = contract.schema('PullOperation')
    expect(validate(operation)).toBe(true)
    expect(validate({ ...operation, errorMessage: null })).toBe(true)
    expect(contract.schema('DataStatuses')({ invoices: null })).toBe(true)
  })

  it('catches a broken pull operation, connection or error body', () => {
    const validate = contract.schema('PullOperation')
    const { requested: _dropped, ...missing } = operation
    expect(validate(missing)).toBe(false)
    expect(validate({ ...operation, progress: '10' })).toBe(false)
    expect(validate({ ...operation, status: 'Done' })).toBe(false)
    expect(contract.schema('Connection')({ id: operation.id, extra: true })).toBe(false)
    expect(contract.schema('ErrorMessage')({ canBeRetried: false })).toBe(false)
  })
})
