// @vitest-environment node
// GET /api/fleet and POST /api/fleet/scan: the shared contract, bad parameters, who may ask for a scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fleetResponseSchema, fleetScanAcceptedSchema } from '../../api/fleet-schemas.ts'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { formatUserEntry } from '../auth/console-users.ts'
import { openDatabase } from '../store/database.ts'
import { allowLoopback, errorOf, send, type ProxyServer } from '../testing/test-harness.ts'
import { startFleetConsole } from '../testing/fleet-console.ts'

let sim: SimServer
let close: () => Promise<void>
let proxy: ProxyServer
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
const viewer = basic('vera', 'viewer-password-123')
const operator = basic('otto', 'operator-password-456')

beforeAll(async () => {
  allowLoopback(server)
  sim = await startSimServer({ port: 0 })
  const users = [
    await formatUserEntry('vera', 'viewer', 'viewer-password-123'),
    await formatUserEntry('otto', 'operator', 'operator-password-456'),
  ].join(',')
  const env = { CODAT_API_KEY: 'test-key', CODAT_BASE_URL: sim.url, CONSOLE_USERS: users }
  ;({ proxy, close } = await startFleetConsole(env, await openDatabase({ memory: true })))
}, 120_000)
afterAll(async () => {
  await close()
  await sim.close()
})

describe('/api/fleet', () => {
  it('answers the shared contract: counts, scan state and one sorted page', async () => {
    const reply = await send(proxy.url, '/api/fleet?sort=-name&pageSize=5&page=2', {
      headers: { authorization: viewer },
    })
    expect(reply.status).toBe(200)
    const body = fleetResponseSchema.parse(JSON.parse(reply.body))
    expect(body.summary.total).toBe(sim.world.companies().length)
    expect(body.companies).toMatchObject({ pageNumber: 2, pageSize: 5 })
    const names = body.companies.results.map((c) => c.name.toLowerCase())
    expect(names).toEqual([...names].sort().reverse())
    expect(body.scan.state).toBe('idle')
    expect(body.scan.webhooks).toEqual({
      configured: false,
      lastEventAt: null,
      refused: { lastHour: 0, lastAt: null, byReason: [] },
    })
  })

  it('filters on the server by health', async () => {
    const reply = await send(proxy.url, '/api/fleet?health=healthy', {
      headers: { authorization: viewer },
    })
    const body = fleetResponseSchema.parse(JSON.parse(reply.body))
    expect(body.companies.results.length).toBeGreaterThan(0)
    expect(body.companies.results.every((c) => c.health === 'healthy')).toBe(true)
    expect(body.companies.totalResults).toBe(body.summary.byHealth.healthy)
  })

  it('refuses a bad parameter with 400 and anyone not signed in with 401', async () => {
    const bad = await send(proxy.url, '/api/fleet?pageSize=501', {
      headers: { authorization: viewer },
    })
    expect(bad.status).toBe(400)
    expect((await send(proxy.url, '/api/fleet')).status).toBe(401)
  })

  it('lets operators ask for a scan now, but not viewers', async () => {
    const askScan = (authorization: string) =>
      send(proxy.url, '/api/fleet/scan', { method: 'POST', headers: { authorization } })
    const asViewer = await askScan(viewer)
    expect(asViewer.status).toBe(403)
    expect(errorOf(asViewer)).toBe('Only operators can start a scan; your role is viewer')
    const asOperator = await askScan(operator)
    expect(asOperator.status).toBe(202)
    const first = fleetScanAcceptedSchema.parse(JSON.parse(asOperator.body))
    expect(first.request?.isNew).toBe(true)
    // Pressed again at once: the same scan, no second read of the fleet.
    const again = await askScan(operator)
    expect(again.status).toBe(202)
    const second = fleetScanAcceptedSchema.parse(JSON.parse(again.body))
    expect(second.request?.isNew).toBe(false)
    if (second.scan.state !== 'running') expect(second.scan.nextRequestAt).not.toBeNull()
  })

  it('answers a test alert with 409 when no alert channel is configured', async () => {
    const reply = await send(proxy.url, '/api/fleet/alerts/test', {
      method: 'POST',
      headers: { authorization: operator },
    })
    expect(reply.status).toBe(409)
    expect(errorOf(reply)).toMatch(/^No alert channel is configured: set ALERT_WEBHOOK_URL/)
    const fleet = await send(proxy.url, '/api/fleet', { headers: { authorization: viewer } })
    const body = fleetResponseSchema.parse(JSON.parse(fleet.body))
    expect(body.scan.alerts).toMatchObject({ configured: false, waiting: 0, brokenSince: null })
  })

  it('serves /metrics without sign-in, with counts and no company names', async () => {
    const reply = await send(proxy.url, '/metrics')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatch(/codat_fleet_companies_total \d+/)
    expect(reply.body).toMatch(/codat_fleet_companies\{health="healthy"\} [1-9]/)
    expect(reply.body).toMatch(
      /codat_upstream_requests_total\{operation="get-data-status",status="200"\}/,
    )
    expect(reply.body).toMatch(/codat_fleet_last_scan_completed_timestamp_seconds [1-9]/)
    for (const company of sim.world.companies()) {
      expect(reply.body).not.toContain(company.id)
      expect(reply.body).not.toContain(company.name)
    }
  })

  it('answers 404 on the webhook path when no secret is set', async () => {
    const reply = await send(proxy.url, '/webhooks/codat', { method: 'POST', body: '{}' })
    expect(reply.status).toBe(404)
  })
})
