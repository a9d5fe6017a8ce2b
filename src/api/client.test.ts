import { delay, http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { server } from '../mocks/node.ts'
import { apiFetch, CodatApiError, parseRetryAfter } from './client.ts'
import { getCompany, listCompanies, listConnections } from './companies.ts'
import {
  getDataStatus,
  getPullOperation,
  listPullOperations,
  refreshAllData,
  refreshDataType,
} from './refresh-data.ts'

const COMPANY_ID = '8a210b68-6988-11ed-a1eb-0242ac120002'
const CONNECTION_ID = '51baa045-4836-4317-a42e-3542e991e581'
const DATASET_ID = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b'
const HISTORY = '/api/companies/:companyId/data/history'

function pullOperation(overrides: Record<string, unknown> = {}) {
  return {
    id: DATASET_ID,
    companyId: COMPANY_ID,
    connectionId: CONNECTION_ID,
    dataType: 'invoices',
    status: 'Complete',
    requested: '2022-11-14T11:18:37.2798351Z',
    completed: '2022-11-14T11:19:02Z',
    progress: 100,
    isCompleted: true,
    isErrored: false,
    ...overrides,
  }
}

function page(results: unknown[]) {
  return {
    results,
    pageNumber: 1,
    pageSize: 100,
    totalResults: results.length,
    _links: {
      self: { href: `/companies/${COMPANY_ID}/data/history` },
      current: { href: `/companies/${COMPANY_ID}/data/history?page=1&pageSize=100` },
    },
  }
}

const connection = {
  id: CONNECTION_ID,
  integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
  sourceId: 'bdd831ce-eebd-4896-89a7-20e5ee8989ee',
  platformName: 'Basiq',
  linkUrl: 'https://link-api.codat.io/companies/x/connections/y/start',
  status: 'Linked',
  created: '2022-10-27T09:53:29Z',
  sourceType: 'Banking',
}

/** Runs `call` and returns the CodatApiError it must throw. */
async function failure(call: () => Promise<unknown>): Promise<CodatApiError> {
  const error: unknown = await call().then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof CodatApiError))
    throw new Error(`expected a CodatApiError, got ${String(error)}`)
  return error
}

function codatError(statusCode: number, error: string) {
  return {
    statusCode,
    service: 'PublicApi',
    error,
    correlationId: 'bc997528a9d7abb9161ef45f05d38599',
    canBeRetried: 'Unknown',
    detailedErrorCode: 0,
  }
}

describe('HTTP errors', () => {
  it('recognises "already in progress" on a 400 and keeps Codat’s words', async () => {
    const text = `DatasetAlreadyInProgressException: Cannot queue invoices sync for ${COMPANY_ID} as previous sync ${DATASET_ID} is still in progress`
    server.use(
      http.post('/api/companies/:companyId/data/queue/:dataType', () =>
        HttpResponse.json({ ...codatError(400, text), service: 'PullApi' }, { status: 400 }),
      ),
    )
    const error = await failure(() => refreshDataType(COMPANY_ID, 'invoices'))
    expect(error).toMatchObject({
      kind: 'http',
      status: 400,
      isAlreadyInProgress: true,
      correlationId: 'bc997528a9d7abb9161ef45f05d38599',
      method: 'POST',
      path: `/companies/${COMPANY_ID}/data/queue/invoices`,
    })
    expect(error.body?.service).toBe('PullApi')
    expect(error.message).toBe(
      `POST /companies/{companyId}/data/queue/{dataType} failed: 400 Bad request: ${text}`,
    )
  })

  it('maps 401 and 404, and a plain 400 is not "already in progress"', async () => {
    server.use(
      http.get('/api/companies/:companyId', () =>
        HttpResponse.json(codatError(401, 'Unauthorized'), { status: 401 }),
      ),
    )
    const unauthorized = await failure(() => getCompany(COMPANY_ID))
    expect(unauthorized).toMatchObject({ kind: 'http', status: 401, isAlreadyInProgress: false })
    expect(unauthorized.message).toContain('401 Unauthorized')

    const missing = `No company was found with ID ${COMPANY_ID}`
    server.use(
      http.get('/api/companies/:companyId', () =>
        HttpResponse.json(codatError(404, missing), { status: 404 }),
      ),
    )
    const notFound = await failure(() => getCompany(COMPANY_ID))
    expect(notFound.status).toBe(404)
    expect(notFound.message).toBe(`GET /companies/{companyId} failed: 404 Not found: ${missing}`)

    server.use(
      http.get(HISTORY, () =>
        HttpResponse.json(codatError(400, 'Error parsing query - Malformed query.'), {
          status: 400,
        }),
      ),
    )
    const malformed = await failure(() => listPullOperations(COMPANY_ID, { query: 'x' }))
    expect(malformed.isAlreadyInProgress).toBe(false)
  })

  it('reads Retry-After in seconds and the rate-limit headers on a 429', async () => {
    server.use(
      http.get('/api/companies', () =>
        HttpResponse.json(codatError(429, 'You have made too many requests'), {
          status: 429,
          headers: {
            'Retry-After': '30',
            'X-Rate-Limit-Limit': '2000',
            'X-Rate-Limit-Remaining': '0',
            'X-Rate-Limit-Reset': 'Sun, 29 Nov 2026 00:00:00 GMT',
          },
        }),
      ),
    )
    const error = await failure(() => listCompanies())
    expect(error).toMatchObject({
      status: 429,
      retryAfterMs: 30_000,
      rateLimit: { limit: 2000, remaining: 0, reset: 'Sun, 29 Nov 2026 00:00:00 GMT' },
    })
    expect(error.message).toContain('429 Too many requests')
    expect(error.message).toContain('retry after 30 s')
  })

  it('reads Retry-After given as an HTTP date', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 90_000).toUTCString()
    server.use(
      http.get('/api/companies', () =>
        HttpResponse.json(codatError(429, 'Slow down'), {
          status: 429,
          headers: { 'Retry-After': at },
        }),
      ),
    )
    const error = await failure(() => listCompanies())
    expect(error.retryAfterMs).toBeGreaterThan(85_000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(91_000)
    expect(error.rateLimit).toBeUndefined()
  })

  it('maps a 500, and keeps a non-JSON error body as text', async () => {
    server.use(
      http.get('/api/companies/:companyId/dataStatus', () =>
        HttpResponse.text('upstream connection reset', { status: 502 }),
      ),
    )
    const badGateway = await failure(() => getDataStatus(COMPANY_ID))
    expect(badGateway).toMatchObject({
      kind: 'http',
      status: 502,
      body: undefined,
      bodyText: 'upstream connection reset',
    })
    expect(badGateway.message).toContain('502 Bad gateway: upstream connection reset')

    server.use(
      http.get('/api/companies/:companyId/dataStatus', () =>
        HttpResponse.json(codatError(500, 'There is a problem with our server.'), { status: 500 }),
      ),
    )
    const serverError = await failure(() => getDataStatus(COMPANY_ID))
    expect(serverError).toMatchObject({ kind: 'http', status: 500 })
    expect(serverError.body?.error).toBe('There is a problem with our server.')
  })

  it('keeps the usable fields of an error body that breaks the spec', async () => {
    server.use(
      http.get('/api/companies', () =>
        HttpResponse.json(
          { error: 'Boom', canBeRetried: false, statusCode: '500', correlationId: 'abc' },
          { status: 500 },
        ),
      ),
    )
    const error = await failure(() => listCompanies())
    expect(error.body).toEqual({ error: 'Boom', correlationId: 'abc' })
    expect(error.correlationId).toBe('abc')
  })
})

describe('transport failures', () => {
  it('reports a network error', async () => {
    server.use(http.get('/api/companies', () => HttpResponse.error()))
    const error = await failure(() => listCompanies())
    expect(error.kind).toBe('network')
    expect(error.message).toMatch(/^GET \/companies could not reach the server/)
  })

  it('reports a timeout when the server is too slow', async () => {
    server.use(
      http.get('/api/companies', async () => {
        await delay(2_000)
        return HttpResponse.json(page([]))
      }),
    )
    const error = await failure(() => apiFetch('GET', '/companies', { timeoutMs: 50 }))
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe('GET /companies got no answer within 50 ms')
  })

  it('re-throws the caller’s cancellation as an AbortError, not a Codat error', async () => {
    server.use(
      http.get('/api/companies', async () => {
        await delay(2_000)
        return HttpResponse.json(page([]))
      }),
    )
    const controller = new AbortController()
    const call = listCompanies({}, controller.signal)
    controller.abort()
    const error: unknown = await call.catch((thrown: unknown) => thrown)
    expect(error).not.toBeInstanceOf(CodatApiError)
    expect(error).toMatchObject({ name: 'AbortError' })
  })
})

describe('invalid responses', () => {
  it('rejects a 2xx body that is not JSON', async () => {
    server.use(http.get('/api/companies', () => HttpResponse.text('<html>login</html>')))
    const error = await failure(() => listCompanies())
    expect(error.kind).toBe('invalid-response')
    expect(error.message).toBe(
      'Invalid response from GET /companies: expected JSON, got "<html>login</html>"',
    )
  })

  it('names the field that broke the schema', async () => {
    const results = [0, 1, 2, 3].map((i) =>
      pullOperation(i === 3 ? { requested: 'yesterday' } : {}),
    )
    server.use(http.get(HISTORY, () => HttpResponse.json(page(results))))
    const error = await failure(() => listPullOperations(COMPANY_ID))
    expect(error).toMatchObject({ kind: 'invalid-response', fieldPath: 'results.3.requested' })
    expect(error.message).toBe(
      'Invalid response from GET /companies/{companyId}/data/history: results.3.requested: not a Codat date ("yesterday")',
    )
  })

  it('names a missing required field', async () => {
    const { progress: _progress, ...withoutProgress } = pullOperation()
    server.use(
      http.get('/api/companies/:companyId/data/history/:datasetId', () =>
        HttpResponse.json(withoutProgress),
      ),
    )
    const error = await failure(() => getPullOperation(COMPANY_ID, DATASET_ID))
    expect(error.fieldPath).toBe('progress')
  })
})

describe('tolerance to drift', () => {
  it('keeps an unknown status and an unknown data type verbatim', async () => {
    server.use(
      http.get(HISTORY, () =>
        HttpResponse.json(page([pullOperation({ status: 'Teleporting', dataType: 'custom-x' })])),
      ),
    )
    const history = await listPullOperations(COMPANY_ID)
    expect(history.results[0]).toMatchObject({ status: 'Teleporting', dataType: 'custom-x' })
  })

  it('ignores unknown fields, even on Connection (additionalProperties: false)', async () => {
    server.use(
      http.get('/api/companies/:companyId/connections', () =>
        HttpResponse.json({ ...page([{ ...connection, shinyNewField: 1 }]) }),
      ),
    )
    const connections = await listConnections(COMPANY_ID)
    expect(connections.results[0]?.platformName).toBe('Basiq')
    expect(connections.results[0]).not.toHaveProperty('shinyNewField')
    expect(connections.results[0]?.integrationKey).toBeUndefined()
  })

  it('accepts null where the spec says nullable', async () => {
    server.use(
      http.get('/api/companies/:companyId', () =>
        HttpResponse.json({
          id: COMPANY_ID,
          name: 'Acme',
          description: null,
          redirect: 'https://link.codat.io/company/x',
          lastSync: null,
          createdByUserName: null,
          referenceParentCompany: null,
          dataConnections: [{ ...connection, lastSync: null, dataConnectionErrors: null }],
        }),
      ),
    )
    const company = await getCompany(COMPANY_ID)
    expect(company).toMatchObject({ description: null, lastSync: null, createdByUserName: null })
    expect(company.dataConnections?.[0]?.lastSync).toBeNull()
  })

  it('reads a data status without currentStatus as never synced and drops null entries', async () => {
    server.use(
      http.get('/api/companies/:companyId/dataStatus', () =>
        HttpResponse.json({
          invoices: { dataType: 'invoices' },
          bills: null,
          'custom-widgets': {
            dataType: 'custom-widgets',
            currentStatus: 'Complete',
            lastSuccessfulSync: '2021-11-15T01:00:00',
          },
        }),
      ),
    )
    const statuses = await getDataStatus(COMPANY_ID)
    expect(Object.keys(statuses)).toEqual(['invoices', 'custom-widgets'])
    expect(statuses.invoices?.currentStatus).toBeUndefined()
    // Zone-less: read as UTC and flagged, never as the browser's zone.
    expect(statuses['custom-widgets']?.lastSuccessfulSync).toEqual({
      raw: '2021-11-15T01:00:00',
      epochMs: Date.UTC(2021, 10, 15, 1),
      zone: 'unspecified',
    })
  })
})

describe('requests', () => {
  it('refreshes all with an empty POST and accepts the 204', async () => {
    let seen: { method: string; body: string } | undefined
    server.use(
      http.post('/api/companies/:companyId/data/all', async ({ request }) => {
        seen = { method: request.method, body: await request.text() }
        return new HttpResponse(null, { status: 204 })
      }),
    )
    await expect(refreshAllData(COMPANY_ID)).resolves.toBeUndefined()
    expect(seen).toEqual({ method: 'POST', body: '' })
  })

  it('sends the query encoded exactly once', async () => {
    let url: URL | undefined
    server.use(
      http.get(HISTORY, ({ request }) => {
        url = new URL(request.url)
        return HttpResponse.json(page([]))
      }),
    )
    await listPullOperations(COMPANY_ID, {
      query: 'status!=Complete&&status!=NotSupported',
      orderBy: '-requested',
      pageSize: 5000,
    })
    expect(url?.searchParams.get('query')).toBe('status!=Complete&&status!=NotSupported')
    expect(url?.searchParams.get('orderBy')).toBe('-requested')
    expect(url?.searchParams.get('pageSize')).toBe('5000')
    expect(url?.search).toContain('query=status%21%3DComplete%26%26status%21%3DNotSupported')
    expect(url?.searchParams.has('page')).toBe(false)
  })

  it('keeps spaces and plus signs in query values apart', async () => {
    let query: string | null = null
    server.use(
      http.get('/api/companies', ({ request }) => {
        query = new URL(request.url).searchParams.get('query')
        return HttpResponse.json(page([]))
      }),
    )
    await listCompanies({ query: 'name~Smith & Sons+Co' })
    expect(query).toBe('name~Smith & Sons+Co')
  })

  it('queues one data type on one connection and returns the pull operation', async () => {
    let url: URL | undefined
    server.use(
      http.post('/api/companies/:companyId/data/queue/:dataType', ({ request }) => {
        url = new URL(request.url)
        return HttpResponse.json(pullOperation({ status: 'Initial', completed: undefined }))
      }),
    )
    const operation = await refreshDataType(COMPANY_ID, 'banking-accounts', CONNECTION_ID)
    expect(operation.status).toBe('Initial')
    expect(operation.completed).toBeUndefined()
    expect(url?.pathname).toBe(`/api/companies/${COMPANY_ID}/data/queue/banking-accounts`)
    expect(url?.searchParams.get('connectionId')).toBe(CONNECTION_ID)
  })

  it('encodes path parameters', async () => {
    let pathname = ''
    server.use(
      http.post('/api/companies/:companyId/data/queue/:dataType', ({ request }) => {
        pathname = new URL(request.url).pathname
        return HttpResponse.json(pullOperation())
      }),
    )
    await refreshDataType(COMPANY_ID, 'odd/type?x')
    expect(pathname).toBe(`/api/companies/${COMPANY_ID}/data/queue/odd%2Ftype%3Fx`)
  })

  it('rejects a malformed ID before any request', async () => {
    let requests = 0
    server.use(
      http.all('/api/*', () => {
        requests += 1
        return HttpResponse.json({})
      }),
    )
    const error = await failure(() => getDataStatus('acme-ltd'))
    expect(error.kind).toBe('invalid-request')
    expect(error.message).toBe('"acme-ltd" is not a valid company ID (expected a UUID)')
    const badDataset = await failure(() => getPullOperation(COMPANY_ID, '123'))
    expect(badDataset.message).toBe('"123" is not a valid pull operation ID (expected a UUID)')
    const badConnection = await failure(() => refreshDataType(COMPANY_ID, 'invoices', 'x'))
    expect(badConnection.message).toContain('not a valid connection ID')
    const badPageSize = await failure(() => listPullOperations(COMPANY_ID, { pageSize: 5001 }))
    expect(badPageSize.message).toContain('pageSize must be a whole number from 1 to 5000')
    expect(requests).toBe(0)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0)
  it('reads seconds, HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
