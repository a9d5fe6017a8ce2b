import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { CodatApiError, type CodatApiErrorInit } from '../api/client.ts'
import { companyQueries } from '../api/companies.ts'
import { server } from '../mocks/node.ts'
import {
  createQueryClient,
  MAX_RETRY_AFTER_MS,
  nextRetryDelayMs,
  retryDelay,
  shouldRetry,
} from './query-client.ts'

function apiError(init: Partial<CodatApiErrorInit>): CodatApiError {
  return new CodatApiError({
    kind: 'http',
    message: 'test',
    method: 'GET',
    path: '/companies',
    ...init,
  })
}

describe('shouldRetry', () => {
  it.each([400, 401, 402, 403, 404, 409])('never retries a %d', (status) => {
    expect(shouldRetry(0, apiError({ status }))).toBe(false)
  })

  it.each([
    ['invalid-response', apiError({ kind: 'invalid-response' })],
    ['invalid-request', apiError({ kind: 'invalid-request' })],
    ['a plain Error', new Error('bug')],
    ['an AbortError', new DOMException('cancelled', 'AbortError')],
  ])('never retries %s', (_name, error) => {
    expect(shouldRetry(0, error)).toBe(false)
  })

  it.each([
    ['a 500', apiError({ status: 500 })],
    ['a 503', apiError({ status: 503 })],
    ['a 408', apiError({ status: 408 })],
    ['a 429', apiError({ status: 429, retryAfterMs: 30_000 })],
    ['a network error', apiError({ kind: 'network' })],
    ['a timeout', apiError({ kind: 'timeout' })],
  ])('retries %s three times, then gives up', (_name, error) => {
    expect([0, 1, 2, 3].map((count) => shouldRetry(count, error))).toEqual([
      true,
      true,
      true,
      false,
    ])
  })

  it('gives up on a 429 whose Retry-After is longer than it will wait', () => {
    const quotaSpent = apiError({ status: 429, retryAfterMs: 6 * 60 * 60_000 })
    expect(shouldRetry(0, quotaSpent)).toBe(false)
  })
})

describe('retryDelay', () => {
  it('backs off 1 s, 2 s, 4 s, capped at 30 s', () => {
    const error = apiError({ status: 500 })
    expect([0, 1, 2, 5, 10].map((attempt) => retryDelay(attempt, error))).toEqual([
      1000, 2000, 4000, 30_000, 30_000,
    ])
  })

  it('waits at least Retry-After, up to its cap', () => {
    expect(retryDelay(0, apiError({ status: 429, retryAfterMs: 30_000 }))).toBe(30_000)
    expect(retryDelay(2, apiError({ status: 429, retryAfterMs: 500 }))).toBe(4000)
    expect(retryDelay(0, apiError({ status: 429, retryAfterMs: 10 * 60_000 }))).toBe(
      MAX_RETRY_AFTER_MS,
    )
  })
})

describe('nextRetryDelayMs', () => {
  it('tells the UI how long the coming retry waits, if one comes', () => {
    const limited = apiError({ status: 429, retryAfterMs: 20_000 })
    expect(nextRetryDelayMs(0, undefined)).toBeUndefined()
    expect(nextRetryDelayMs(1, limited)).toBe(20_000)
    expect(nextRetryDelayMs(2, apiError({ status: 500 }))).toBe(2000)
    expect(nextRetryDelayMs(4, apiError({ status: 500 }))).toBeUndefined()
    expect(nextRetryDelayMs(1, apiError({ status: 404 }))).toBeUndefined()
  })
})

describe('createQueryClient', () => {
  it('asks once for a 404, and retries a 503 until it heals', async () => {
    let companyReads = 0
    let listReads = 0
    server.use(
      http.get('/api/companies/:companyId', () => {
        companyReads += 1
        return HttpResponse.json({ error: 'No company' }, { status: 404 })
      }),
      http.get('/api/companies', () => {
        listReads += 1
        if (listReads === 1) return HttpResponse.json({}, { status: 503 })
        return HttpResponse.json({
          results: [],
          pageNumber: 1,
          pageSize: 100,
          totalResults: 0,
          _links: { self: { href: '/companies' }, current: { href: '/companies?page=1' } },
        })
      }),
    )
    const client = createQueryClient()
    await expect(
      client.fetchQuery(companyQueries.detail('8a210b68-6988-11ed-a1eb-0242ac120002')),
    ).rejects.toMatchObject({ status: 404 })
    expect(companyReads).toBe(1)
    // One real 1 s backoff: the policy is wired into the client, not just exported.
    await expect(client.fetchQuery(companyQueries.list())).resolves.toMatchObject({
      totalResults: 0,
    })
    expect(listReads).toBe(2)
  })

  it('never retries a mutation by default', () => {
    expect(createQueryClient().getDefaultOptions().mutations?.retry).toBe(false)
  })
})
