// @vitest-environment node
// The loopback HTTP server: Codat's own paths, Basic auth, faults, over a real socket.
import { http as route, passthrough } from 'msw'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from './http.ts'
import { server } from './node.ts'
import { SEED } from './seed.ts'

const KEY = 'test-key'
const AUTH = { Authorization: `Basic ${Buffer.from(KEY).toString('base64')}` }
let sim: SimServer
let open: SimServer

// Unit tests run msw in this process; real loopback traffic must be let through.
const allowLoopback = () =>
  server.use(route.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()))

beforeAll(async () => {
  sim = await startSimServer({ port: 0, apiKey: KEY })
  open = await startSimServer({ port: 0 })
})
afterAll(async () => {
  await sim.close()
  await open.close()
})
beforeEach(allowLoopback)

describe('the simulated Codat over HTTP', () => {
  it('listens on an ephemeral loopback port', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('answers 401 with Codat’s body without the key, or with a wrong one', async () => {
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: 'Basic d3Jvbmc=' },
      { Authorization: `Bearer ${KEY}` },
    ]
    for (const headers of attempts) {
      const reply = await fetch(`${sim.url}/companies`, { headers })
      expect(reply.status).toBe(401)
      expect(await reply.json()).toMatchObject({ statusCode: 401, canBeRetried: 'Unknown' })
      expect(reply.headers.get('X-Rate-Limit-Limit')).toBeTruthy()
    }
  })

  it('accepts any Basic key when none is configured', async () => {
    expect(
      (await fetch(`${open.url}/companies`, { headers: { Authorization: 'Basic eHl6' } })).status,
    ).toBe(200)
    expect((await fetch(`${open.url}/companies`)).status).toBe(401)
  })

  it('serves Codat’s paths, with no /api prefix, and relative links', async () => {
    const reply = await fetch(`${sim.url}/companies/${SEED.healthy.id}/data/history?pageSize=2`, {
      headers: AUTH,
    })
    expect(reply.status).toBe(200)
    const body = (await reply.json()) as { _links: { next: { href: string } } }
    expect(body._links.next.href).toBe(
      `/companies/${SEED.healthy.id}/data/history?page=2&pageSize=2`,
    )
    expect((await fetch(`${sim.url}/api/companies`, { headers: AUTH })).status).toBe(404)
  })

  it('refreshes: 204 with no body, then 200 with a pull operation', async () => {
    const all = await fetch(`${sim.url}/companies/${SEED.failing.id}/data/all`, {
      method: 'POST',
      headers: AUTH,
    })
    expect(all.status).toBe(204)
    expect(await all.text()).toBe('')
    const one = await fetch(`${sim.url}/companies/${SEED.neverSynced.id}/data/queue/invoices`, {
      method: 'POST',
      headers: AUTH,
    })
    expect(one.status).toBe(200)
    expect(await one.json()).toMatchObject({ status: 'Queued', dataType: 'invoices' })
  })

  it('takes faults through its control route and answers unknown paths with 404', async () => {
    const put = await fetch(`${sim.url}/_sim/faults`, {
      method: 'PUT',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: 'rate-limit', retryAfterSeconds: 9, remaining: 1 }),
    })
    expect(put.status).toBe(200)
    const limited = await fetch(`${sim.url}/companies`, { headers: AUTH })
    expect([limited.status, limited.headers.get('Retry-After')]).toEqual([429, '9'])
    expect((await fetch(`${sim.url}/companies`, { headers: AUTH })).status).toBe(200)
    const unknown = await fetch(`${sim.url}/nothing/here`, { headers: AUTH })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ statusCode: 404 })
  })
})
