// @vitest-environment node
// Browser-facing protections of the proxy: the CSRF guard, security headers and the access log.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  errorOf,
  send,
  setupProxyRig,
  type FakeCodat,
  type ProxyServer,
} from './testing/test-harness.ts'

const C = '8a210b68-6988-11ed-a1eb-0242ac120002'
const D = '0b1a8a4c-1d2e-4f3a-9b8c-7d6e5f4a3b2c'

const rig = setupProxyRig()
let codat: FakeCodat
let proxy: ProxyServer
const call = send

beforeAll(async () => {
  codat = rig.codat
  proxy = await rig.startProxy({ CODAT_API_KEY: 'k-browser' })
})

describe('browser protections', () => {
  const refresh = `/api/companies/${C}/data/queue/invoices?connectionId=${D}`

  it.each([
    ['Sec-Fetch-Site cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    [
      'Sec-Fetch-Site same-site',
      { 'Sec-Fetch-Site': 'same-site', Origin: 'http://other.localhost' },
    ],
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    ['Origin null', { Origin: 'null' }],
  ])('refuses a refresh with %s', async (_name, headers) => {
    const reply = await call(proxy.url, refresh, { method: 'POST', headers })
    expect(reply.status).toBe(403)
    expect(errorOf(reply)).toMatch(/Cross-origin/)
    expect(codat.requests).toHaveLength(0)
  })

  it('lets same-origin browsers and header-less scripts refresh', async () => {
    const host = new URL(proxy.url).host
    const ok = [
      await call(proxy.url, refresh, {
        method: 'POST',
        headers: { 'Sec-Fetch-Site': 'same-origin' },
      }),
      await call(proxy.url, refresh, { method: 'POST', headers: { Origin: `http://${host}` } }),
      await call(proxy.url, refresh, { method: 'POST' }),
    ]
    expect(ok.map((reply) => reply.status)).toEqual([200, 200, 200])
    expect(codat.requests).toHaveLength(3)
  })

  it('sets the security headers on API answers, errors and pages', async () => {
    for (const path of ['/api/companies', '/api/nope', '/', '/companies/x/history']) {
      const reply = await call(proxy.url, path)
      expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'/)
      expect(reply.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
      expect(reply.headers['content-security-policy']).not.toMatch(/unsafe-inline/)
      expect(reply.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      })
    }
  })

  it('writes one access line per request, without the query string', async () => {
    proxy.logs.length = 0
    await call(proxy.url, '/api/companies?query=name%3Dsecret-customer')
    const access = proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(access).toEqual([
      expect.objectContaining({
        type: 'access',
        method: 'GET',
        path: '/api/companies',
        status: 200,
      }),
    ])
    expect(proxy.logs.join()).not.toContain('secret-customer')
  })
})
