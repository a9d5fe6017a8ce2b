// @vitest-environment node
// Sign-in, roles, read-only mode and the audit line, with scrypt users from CONSOLE_USERS.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { formatUserEntry } from './auth/console-users.ts'
import {
  basic,
  errorOf,
  send,
  setupProxyRig,
  type FakeCodat,
  type ProxyServer,
} from './testing/test-harness.ts'

const KEY = 'sk-test-ACCESS-77aa'
const C = '8a210b68-6988-11ed-a1eb-0242ac120002'
const D = '0b1a8a4c-1d2e-4f3a-9b8c-7d6e5f4a3b2c'
const DATASET = 'd7c0ffee-1d2e-4f3a-9b8c-7d6e5f4a3b2c'
const OPERATOR = basic('olivia', 'operator-password-1')
const VIEWER = basic('victor', 'viewer-password-22')

const rig = setupProxyRig()
let codat: FakeCodat
let proxy: ProxyServer
let readOnly: ProxyServer

beforeAll(async () => {
  codat = rig.codat
  const users = [
    await formatUserEntry('olivia', 'operator', 'operator-password-1'),
    await formatUserEntry('victor', 'viewer', 'viewer-password-22'),
  ].join('\n')
  const env = { CODAT_API_KEY: KEY, CONSOLE_USERS: users }
  proxy = await rig.startProxy(env)
  readOnly = await rig.startProxy({ ...env, CONSOLE_READ_ONLY: '1' })
})
beforeEach(() => {
  proxy.logs.length = 0
  codat.respond = (req, res) => {
    if (req.url?.endsWith('/data/all')) {
      res.statusCode = 204
      return res.end()
    }
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ id: DATASET, companyId: C, connectionId: D, dataType: 'invoices' }))
  }
})

describe('sign-in', () => {
  it.each([
    ['no credentials', undefined],
    ['a wrong password', basic('olivia', 'wrong')],
    ['an unknown user', basic('mallory', 'operator-password-1')],
    ['a malformed header', 'Basic !!!'],
    ['another scheme', 'Bearer abc'],
  ])(
    'answers 401 with a Basic challenge for %s, on API and pages',
    async (_name, authorization) => {
      const headers: Record<string, string> = authorization ? { Authorization: authorization } : {}
      for (const path of ['/api/companies', '/', '/assets/index.js']) {
        const reply = await send(proxy.url, path, { headers })
        expect(reply.status).toBe(401)
        expect(reply.headers['www-authenticate']).toMatch(/^Basic realm="Codat Refresh Console"/)
        expect(reply.headers['x-frame-options']).toBe('DENY')
      }
      expect(codat.requests).toHaveLength(0)
    },
  )

  it('lets signed-in users see pages and data, and says who they are', async () => {
    const page = await send(proxy.url, '/companies', { headers: { Authorization: VIEWER } })
    expect(page.status).toBe(200)
    const session = await send(proxy.url, '/api/session', { headers: { Authorization: VIEWER } })
    expect(JSON.parse(session.body)).toEqual({
      user: 'victor',
      role: 'viewer',
      readOnly: false,
      mode: 'live',
    })
    const data = await send(proxy.url, `/api/companies/${C}/dataStatus`, {
      headers: { Authorization: VIEWER },
    })
    expect(data.status).toBe(200)
    expect(codat.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(KEY).toString('base64')}`,
    )
  })

  it('keeps /healthz open for probes', async () => {
    expect((await send(proxy.url, '/healthz')).status).toBe(200)
  })
})

describe('roles and read-only mode', () => {
  const refresh = `/api/companies/${C}/data/queue/invoices?connectionId=${D}`

  it('refuses refreshes from viewers with 403, before Codat', async () => {
    const reply = await send(proxy.url, refresh, {
      method: 'POST',
      headers: { Authorization: VIEWER },
    })
    expect(reply.status).toBe(403)
    expect(errorOf(reply)).toBe('Only operators can refresh data; your role is viewer')
    expect(codat.requests).toHaveLength(0)
  })

  it('refuses every refresh in read-only mode, operators included', async () => {
    const reply = await send(readOnly.url, refresh, {
      method: 'POST',
      headers: { Authorization: OPERATOR },
    })
    expect(reply.status).toBe(403)
    expect(errorOf(reply)).toBe(
      'This console is read-only (CONSOLE_READ_ONLY): nobody can refresh data',
    )
    const session = await send(readOnly.url, '/api/session', {
      headers: { Authorization: OPERATOR },
    })
    expect(JSON.parse(session.body)).toMatchObject({ role: 'operator', readOnly: true })
    const read = await send(readOnly.url, `/api/companies/${C}`, {
      headers: { Authorization: OPERATOR },
    })
    expect(read.status).toBe(200)
    expect(codat.requests.map((request) => request.method)).toEqual(['GET'])
  })

  it('lets operators refresh and writes an audit line', async () => {
    const reply = await send(proxy.url, refresh, {
      method: 'POST',
      headers: { Authorization: OPERATOR, 'X-Request-Id': 'audit-req-0001' },
    })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ id: DATASET })
    const lines = proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    const audit = lines.filter((line) => line.type === 'audit')
    expect(audit).toEqual([
      {
        type: 'audit',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        user: 'olivia',
        role: 'operator',
        operation: 'refresh-data-type',
        companyId: C,
        dataType: 'invoices',
        connectionId: D,
        upstreamStatus: 200,
        outcome: 'response',
        datasetId: DATASET,
        correlationId: reply.headers['x-request-id'],
        clientRequestId: 'audit-req-0001',
      },
    ])
    expect(lines.filter((line) => line.type === 'access')).toEqual([
      expect.objectContaining({
        method: 'POST',
        status: 200,
        user: 'olivia',
        address: '127.0.0.1',
        correlationId: reply.headers['x-request-id'],
        clientRequestId: 'audit-req-0001',
      }),
    ])
    expect(proxy.logs.join('\n')).not.toMatch(/operator-password-1|b2xpdmlh|sk-test-ACCESS/)
  })

  it('audits refresh-all, which answers 204 without a dataset id', async () => {
    const reply = await send(proxy.url, `/api/companies/${C}/data/all`, {
      method: 'POST',
      headers: { Authorization: OPERATOR },
    })
    expect(reply.status).toBe(204)
    const audit = proxy.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.type === 'audit')
    expect(audit).toMatchObject({
      operation: 'refresh-company-data',
      upstreamStatus: 204,
      datasetId: null,
    })
  })
})
