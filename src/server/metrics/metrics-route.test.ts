// @vitest-environment node
// GET /metrics: fleet figures read from the store once per few seconds, and closed by METRICS_TOKEN when set.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { server as mswServer } from '../../mocks/node.ts'
import type { ConsoleSettings } from '../config/settings.ts'
import { COMPANY_HEALTHS } from '../../lib/health.ts'
import {
  createConsoleMetrics,
  FLEET_FIGURES_CACHE_MS,
  type FleetSnapshot,
} from './console-metrics.ts'
import { allowLoopback, send } from '../testing/test-harness.ts'
import type { RouteContext } from '../http/console-route.ts'
import { createMetricsRoute, isBearer } from './metrics-route.ts'

const TOKEN = 'c0ffee'.repeat(6)
let http: Server | undefined

beforeEach(() => allowLoopback(mswServer))
afterEach(async () => {
  await new Promise((done) => (http ? http.close(done) : done(undefined)))
  http = undefined
})

async function serve(metricsToken: string | undefined): Promise<string> {
  const metrics = createConsoleMetrics()
  const route = createMetricsRoute(metrics)
  const settings = { metricsToken } as ConsoleSettings
  http = createServer((req, res) => {
    Promise.resolve(route.handle({ req, res, settings } as RouteContext)).catch(() => {
      res.statusCode = 500
      res.end()
    })
  })
  await new Promise<void>((done) => http?.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
}

describe('the fleet figures in /metrics', () => {
  it('are read from the store once for scrapes a few seconds apart', async () => {
    let clock = 1_000_000
    const metrics = createConsoleMetrics({ now: () => clock })
    let reads = 0
    metrics.setFleetSource(() => {
      reads += 1
      return Promise.resolve({
        byHealth: { ...Object.fromEntries(COMPANY_HEALTHS.map((h) => [h, 0])), healthy: reads },
        lastScanCompletedAt: null,
        isScanning: false,
      } as FleetSnapshot)
    })
    const first = await metrics.registry.metrics()
    clock += 1_000
    const second = await metrics.registry.metrics()
    clock += FLEET_FIGURES_CACHE_MS
    const third = await metrics.registry.metrics()
    expect(reads).toBe(2)
    expect(first).toMatch(/codat_fleet_companies_total 1/)
    expect(second).toMatch(/codat_fleet_companies_total 1/)
    expect(third).toMatch(/codat_fleet_companies_total 2/)
  })

  it('are read again at the next scrape when a read failed', async () => {
    const metrics = createConsoleMetrics()
    let reads = 0
    metrics.setFleetSource(() => {
      reads += 1
      return Promise.reject(new Error('store down'))
    })
    await expect(metrics.registry.metrics()).rejects.toThrow()
    await expect(metrics.registry.metrics()).rejects.toThrow()
    expect(reads).toBe(2)
  })
})

describe('METRICS_TOKEN', () => {
  it('leaves /metrics open when unset', async () => {
    const url = await serve(undefined)
    expect((await send(url, '/metrics')).status).toBe(200)
  })

  it('wants the token as a Bearer token when set: missing or wrong is 401', async () => {
    const url = await serve(TOKEN)
    const missing = await send(url, '/metrics')
    expect(missing.status).toBe(401)
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(missing.body).not.toContain('codat_')
    for (const authorization of [`Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ', TOKEN])
      expect((await send(url, '/metrics', { headers: { authorization } })).status).toBe(401)
    const right = await send(url, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(right.status).toBe(200)
    expect(right.body).toMatch(/codat_fleet_companies_total/)
  })

  it('compares whole tokens only', () => {
    expect(isBearer(`bearer ${TOKEN}`, TOKEN)).toBe(true)
    expect(isBearer(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false)
    expect(isBearer(undefined, TOKEN)).toBe(false)
  })
})
