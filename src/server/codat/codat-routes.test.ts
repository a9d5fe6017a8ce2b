// @vitest-environment node
// The allowlist through the proxy: every Codat operation, query rules, malformed IDs, 404 and 405.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  errorOf,
  send,
  setupProxyRig,
  type FakeCodat,
  type ProxyServer,
} from '../testing/test-harness.ts'

const C = '8a210b68-6988-11ed-a1eb-0242ac120002'
const D = '0b1a8a4c-1d2e-4f3a-9b8c-7d6e5f4a3b2c'

const rig = setupProxyRig()
let codat: FakeCodat
let proxy: ProxyServer

beforeAll(async () => {
  codat = rig.codat
  proxy = await rig.startProxy({ CODAT_API_KEY: 'k-allowlist' })
})

/** What the proxy answered and what, if anything, Codat was asked. */
async function sent(method: string, url: string) {
  const reply = await send(proxy.url, url, { method })
  return { reply, upstream: codat.requests.map((request) => `${request.method} ${request.url}`) }
}

describe('the Codat allowlist', () => {
  it.each([
    ['GET', '/api/companies', '/companies'],
    ['GET', `/api/companies/${C}`, `/companies/${C}`],
    ['GET', `/api/companies/${C}/connections`, `/companies/${C}/connections`],
    ['GET', `/api/companies/${C}/dataStatus`, `/companies/${C}/dataStatus`],
    ['POST', `/api/companies/${C}/data/all`, `/companies/${C}/data/all`],
    [
      'POST',
      `/api/companies/${C}/data/queue/banking-accounts`,
      `/companies/${C}/data/queue/banking-accounts`,
    ],
    ['GET', `/api/companies/${C}/data/history`, `/companies/${C}/data/history`],
    ['GET', `/api/companies/${C}/data/history/${D}`, `/companies/${C}/data/history/${D}`],
  ])('%s %s reaches Codat as %s', async (method, url, upstreamPath) => {
    const { reply, upstream } = await sent(method, url)
    expect(reply.status).toBe(200)
    expect(upstream).toEqual([`${method} ${upstreamPath}`])
  })

  it('re-encodes the known query parameters once and drops empty ones', async () => {
    const query = 'query=status%21%3DComplete%26%26status%21%3DNotSupported'
    await sent(
      'GET',
      `/api/companies/${C}/data/history?page=2&pageSize=50&${query}&orderBy=-requested`,
    )
    await sent('GET', '/api/companies?tags=region%3Duk&query=')
    await sent('POST', `/api/companies/${C}/data/queue/invoices?connectionId=${D}`)
    expect(codat.requests.map((request) => request.url)).toEqual([
      `/companies/${C}/data/history?page=2&pageSize=50&query=status!%3DComplete%26%26status!%3DNotSupported&orderBy=-requested`,
      '/companies?tags=region%3Duk',
      `/companies/${C}/data/queue/invoices?connectionId=${D}`,
    ])
  })

  it.each([
    [
      'unknown',
      `/api/companies/${C}/data/history?foo=1`,
      'Query parameter "foo" is not allowed here',
    ],
    ['duplicate', '/api/companies?page=1&page=2', 'Query parameter "page" is given more than once'],
    [
      'not for this path',
      `/api/companies/${C}?page=1`,
      'Query parameter "page" is not allowed here',
    ],
    ['bad page', '/api/companies?page=0', 'Query parameter "page" has an invalid value'],
    [
      'bad pageSize',
      '/api/companies?pageSize=5001',
      'Query parameter "pageSize" has an invalid value',
    ],
    [
      'bad orderBy',
      '/api/companies?orderBy=name;drop',
      'Query parameter "orderBy" has an invalid value',
    ],
    [
      'bad connectionId',
      `/api/companies/${C}/data/queue/invoices?connectionId=nope`,
      'Query parameter "connectionId" has an invalid value',
    ],
    ['a backslash', '/api/companies?query=a\\b', 'Malformed query string'],
  ])('refuses query parameters (%s) with 400 and says which', async (_why, url, error) => {
    const { reply, upstream } = await sent(url.includes('/queue/') ? 'POST' : 'GET', url)
    expect(reply.status).toBe(400)
    expect(errorOf(reply)).toBe(error)
    expect(upstream).toEqual([])
  })

  it.each([
    ['GET', '/api/companies/not-a-uuid', 'Company ID "not-a-uuid" is not a UUID'],
    ['GET', '/api/companies/abc/dataStatus', 'Company ID "abc" is not a UUID'],
    [
      'POST',
      `/api/companies/${C.toUpperCase()}x/data/all`,
      `Company ID "${C.toUpperCase()}x" is not a UUID`,
    ],
    ['GET', `/api/companies/${C}/data/history/1234`, 'Pull operation ID "1234" is not a UUID'],
    ['POST', `/api/companies/${C}/data/queue/a_b`, 'Data type "a_b" is not a Codat data type name'],
  ])('refuses a malformed ID in %s %s with 400, naming it', async (method, url, error) => {
    const { reply, upstream } = await sent(method, url)
    expect(reply.status).toBe(400)
    expect(errorOf(reply)).toBe(error)
    expect(upstream).toEqual([])
  })

  it('answers 404 for paths not on the list, 400 for paths that could mean something else', async () => {
    expect(errorOf((await sent('GET', '/api/connections')).reply)).toBe(
      'No such API path: /connections',
    )
    expect((await sent('GET', '/api')).reply.status).toBe(404)
    const dotted = await sent('GET', '/api/companies/../companies')
    expect(dotted.reply.status).toBe(400)
    expect(errorOf(dotted.reply)).toBe('Malformed API path')
    expect(codat.requests).toHaveLength(0)
  })

  it('answers 405 with Allow for known paths and another method', async () => {
    for (const [method, url, allow] of [
      ['DELETE', `/api/companies/${C}`, 'GET'],
      ['GET', `/api/companies/${C}/data/all`, 'POST'],
      ['POST', '/api/companies', 'GET'],
    ] as const) {
      const { reply } = await sent(method, url)
      expect(reply.status).toBe(405)
      expect(reply.headers.allow).toBe(allow)
      expect(errorOf(reply)).toBe(`Method ${method} is not allowed here`)
    }
    expect(codat.requests).toHaveLength(0)
  })
})
