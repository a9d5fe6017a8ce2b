// @vitest-environment node
// Console routes behind the proxy: what each declaration (sign-in, role, CSRF, read-only, body) does.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { formatUserEntry } from '../auth/console-users.ts'
import { sendJson } from './json-answers.ts'
import {
  basic,
  errorOf,
  send,
  setupProxyRig,
  type FakeCodat,
  type ProxyServer,
} from '../testing/test-harness.ts'
import type { ConsoleRoute } from './console-route.ts'
import { createRouter } from './router.ts'

const OPERATOR = basic('olivia', 'operator-password-1')
const VIEWER = basic('victor', 'viewer-password-22')

const echoRoute: ConsoleRoute = {
  name: 'echo',
  methods: ['GET'],
  path: /^\/api\/things\/(?<id>[a-z0-9]+)$/,
  signIn: 'required',
  isStateChanging: false,
  handle: ({ res, params, query, identity, correlationId, log }) => {
    log({ type: 'echo', id: params.id })
    sendJson(res, 200, { id: params.id, q: query.get('q'), user: identity?.user, correlationId })
  },
}
const actRoute: ConsoleRoute = {
  name: 'act',
  methods: ['POST'],
  path: '/api/things/act',
  signIn: 'required',
  role: 'operator',
  isStateChanging: true,
  refusedWhenReadOnly: true,
  action: 'act on things',
  handle: ({ res }) => sendJson(res, 202, { accepted: true }),
}
const hookRoute: ConsoleRoute = {
  name: 'hook',
  methods: ['POST'],
  path: '/hooks/in',
  signIn: 'none',
  isStateChanging: false,
  body: { maxBytes: 64 },
  handle: ({ res, body, identity }) =>
    sendJson(res, 200, { received: body.toString('utf8'), identity }),
}
const routes = [actRoute, echoRoute, hookRoute]

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
  const env = { CODAT_API_KEY: 'k-router', CONSOLE_USERS: users }
  proxy = await rig.startProxy(env, { routes })
  readOnly = await rig.startProxy({ ...env, CONSOLE_READ_ONLY: '1' }, { routes })
})
beforeEach(() => {
  proxy.logs.length = 0
})

describe('console routes', () => {
  it('answers a signed-in route with its path parameters, query and identity, never Codat', async () => {
    const reply = await send(proxy.url, '/api/things/abc1?q=hello', {
      headers: { Authorization: VIEWER, 'X-Request-Id': 'router-test-0001' },
    })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual({
      id: 'abc1',
      q: 'hello',
      user: 'victor',
      correlationId: reply.headers['x-request-id'],
    })
    const lines = proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toContainEqual({ type: 'echo', id: 'abc1' })
    expect(lines).toContainEqual(expect.objectContaining({ type: 'access', status: 200 }))
    expect(codat.requests).toHaveLength(0)
  })

  it('asks for sign-in before a route that needs it, and answers 405 with Allow after it', async () => {
    expect((await send(proxy.url, '/api/things/abc1')).status).toBe(401)
    const wrong = await send(proxy.url, '/api/things/abc1', {
      method: 'DELETE',
      headers: { Authorization: VIEWER },
    })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.allow).toBe('GET')
  })

  it('keeps a state-changing route to operators, same-origin requests and writable consoles', async () => {
    const asViewer = await send(proxy.url, '/api/things/act', {
      method: 'POST',
      headers: { Authorization: VIEWER },
    })
    expect(asViewer.status).toBe(403)
    expect(errorOf(asViewer)).toBe('Only operators can act on things; your role is viewer')
    const crossSite = await send(proxy.url, '/api/things/act', {
      method: 'POST',
      headers: { Authorization: OPERATOR, 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
    expect(errorOf(crossSite)).toBe('Cross-origin request refused')
    const locked = await send(readOnly.url, '/api/things/act', {
      method: 'POST',
      headers: { Authorization: OPERATOR },
    })
    expect(locked.status).toBe(403)
    expect(errorOf(locked)).toBe(
      'This console is read-only (CONSOLE_READ_ONLY): nobody can act on things',
    )
    const done = await send(proxy.url, '/api/things/act', {
      method: 'POST',
      headers: { Authorization: OPERATOR, 'Sec-Fetch-Site': 'same-origin' },
    })
    expect(done.status).toBe(202)
  })

  it('hands a no-sign-in route its raw body, and refuses one over its cap with 413', async () => {
    const reply = await send(proxy.url, '/hooks/in', { method: 'POST', body: '{"a":1}' })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual({ received: '{"a":1}', identity: null })
    const large = await send(proxy.url, '/hooks/in', { method: 'POST', body: 'x'.repeat(65) })
    expect(large.status).toBe(413)
    expect(reply.headers['x-frame-options']).toBe('DENY')
  })

  it('guards the Codat allowlist as it guards its own routes: same order, same words', async () => {
    const refresh = '/api/companies/8a210b68-6988-11ed-a1eb-0242ac120002/data/all'
    const cases: Array<{ to: ProxyServer; as: string; headers: Record<string, string> }> = [
      { to: proxy, as: VIEWER, headers: { 'Sec-Fetch-Site': 'cross-site' } },
      { to: proxy, as: VIEWER, headers: {} },
      { to: readOnly, as: VIEWER, headers: {} },
      { to: readOnly, as: OPERATOR, headers: { Origin: 'https://evil.example' } },
      { to: readOnly, as: OPERATOR, headers: {} },
    ]
    for (const { to, as, headers } of cases) {
      const ask = (path: string) =>
        send(to.url, path, { method: 'POST', headers: { Authorization: as, ...headers } })
      const [own, codatRoute] = [await ask('/api/things/act'), await ask(refresh)]
      expect(codatRoute.status).toBe(403)
      expect(codatRoute.status).toBe(own.status)
      expect(errorOf(codatRoute)).toBe(errorOf(own).replace('act on things', 'refresh data'))
    }
    expect(codat.requests).toHaveLength(0)
  })

  it('puts the Codat allowlist behind its own routes', async () => {
    const reply = await send(proxy.url, '/api/companies', { headers: { Authorization: VIEWER } })
    expect(reply.status).toBe(200)
    expect(codat.requests.map((request) => request.url)).toEqual(['/companies'])
    const unknown = await send(proxy.url, '/api/things', { headers: { Authorization: VIEWER } })
    expect(unknown.status).toBe(404)
  })
})

describe('createRouter', () => {
  it('matches exact paths and whole-path patterns only', () => {
    const router = createRouter(routes)
    expect(router.match('POST', '/api/things/act')).toMatchObject({ route: { name: 'act' } })
    expect(router.match('GET', '/api/things/act')).toMatchObject({ route: { name: 'echo' } })
    expect(router.match('GET', '/api/things/abc/more')).toBeUndefined()
    expect(router.match('GET', '/hooks/in')).toMatchObject({ kind: 'method-not-allowed' })
  })

  it('refuses two routes with one name', () => {
    expect(() => createRouter([echoRoute, echoRoute])).toThrow(/echo/)
  })
})
