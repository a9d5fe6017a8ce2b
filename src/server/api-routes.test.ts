// @vitest-environment node
// The allowlist as a pure function: every Codat operation, query rules, 404 and 405.
import { describe, expect, it } from 'vitest'
import { matchApiRoute } from './api-routes.ts'

const C = '8a210b68-6988-11ed-a1eb-0242ac120002'
const D = '0b1a8a4c-1d2e-4f3a-9b8c-7d6e5f4a3b2c'

describe('matchApiRoute', () => {
  it.each([
    ['GET', '/api/companies', 'list-companies', '/companies'],
    ['GET', `/api/companies/${C}`, 'get-company', `/companies/${C}`],
    ['GET', `/api/companies/${C}/connections`, 'list-connections', `/companies/${C}/connections`],
    ['GET', `/api/companies/${C}/dataStatus`, 'get-data-status', `/companies/${C}/dataStatus`],
    ['POST', `/api/companies/${C}/data/all`, 'refresh-company-data', `/companies/${C}/data/all`],
    [
      'POST',
      `/api/companies/${C}/data/queue/banking-accounts`,
      'refresh-data-type',
      `/companies/${C}/data/queue/banking-accounts`,
    ],
    [
      'GET',
      `/api/companies/${C}/data/history`,
      'list-pull-operations',
      `/companies/${C}/data/history`,
    ],
    [
      'GET',
      `/api/companies/${C}/data/history/${D}`,
      'get-pull-operation',
      `/companies/${C}/data/history/${D}`,
    ],
  ])('%s %s → %s', (method, url, operation, upstreamPath) => {
    expect(matchApiRoute(method, url)).toMatchObject({ kind: 'match', operation, upstreamPath })
  })

  it('re-encodes the known query parameters once and drops empty ones', () => {
    const query = 'query=status%21%3DComplete%26%26status%21%3DNotSupported'
    const url = `/api/companies/${C}/data/history?page=2&pageSize=50&${query}&orderBy=-requested`
    expect(matchApiRoute('GET', url)).toMatchObject({
      kind: 'match',
      upstreamPath: `/companies/${C}/data/history?page=2&pageSize=50&query=status!%3DComplete%26%26status!%3DNotSupported&orderBy=-requested`,
    })
    expect(matchApiRoute('GET', '/api/companies?tags=region%3Duk&query=')).toMatchObject({
      upstreamPath: '/companies?tags=region%3Duk',
    })
    expect(
      matchApiRoute('POST', `/api/companies/${C}/data/queue/invoices?connectionId=${D}`),
    ).toMatchObject({
      companyId: C,
      dataType: 'invoices',
      connectionId: D,
      isRefresh: true,
    })
  })

  it.each([
    ['unknown', `/api/companies/${C}/data/history?foo=1`],
    ['duplicate', '/api/companies?page=1&page=2'],
    ['not for this path', `/api/companies/${C}?page=1`],
    ['bad page', '/api/companies?page=0'],
    ['bad pageSize', '/api/companies?pageSize=5001'],
    ['bad orderBy', '/api/companies?orderBy=name;drop'],
    ['bad connectionId', `/api/companies/${C}/data/queue/invoices?connectionId=nope`],
  ])('refuses query parameters: %s', (_why, url) => {
    const method = url.includes('/queue/') ? 'POST' : 'GET'
    expect(matchApiRoute(method, url)).toMatchObject({ kind: 'reject', status: 400 })
  })

  it('answers 404 for unknown paths and 405 with Allow for known paths', () => {
    expect(matchApiRoute('GET', '/api/companies/not-a-uuid')).toMatchObject({ status: 404 })
    expect(matchApiRoute('GET', `/api/companies/${C}/data/queue/a_b`)).toMatchObject({
      status: 404,
    })
    expect(matchApiRoute('DELETE', `/api/companies/${C}`)).toMatchObject({
      status: 405,
      allow: 'GET',
    })
    expect(matchApiRoute('GET', `/api/companies/${C}/data/all`)).toMatchObject({
      status: 405,
      allow: 'POST',
    })
    expect(matchApiRoute('POST', '/api/companies')).toMatchObject({ status: 405, allow: 'GET' })
  })
})
