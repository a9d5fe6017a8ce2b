// @vitest-environment node
// Several console processes on one PostgreSQL: all serve the fleet, exactly one scans, another takes over, webhooks land anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../store/database.ts'
import { requireTestDatabaseUrl } from '../store/test-database-url.ts'
import { startFleetService, type FleetService } from './fleet-service.ts'

let sim: SimServer
const running: FleetService[] = []

async function startProcess(): Promise<FleetService> {
  const config = loadConfig({
    CODAT_API_KEY: 'test-key',
    CODAT_BASE_URL: sim.url,
    DATABASE_URL: requireTestDatabaseUrl(),
  })
  if (!config.ok) throw new Error(config.errors.join())
  const { fleet, baseUrl, authHeader, timeoutMs } = config.config
  const service = await startFleetService({
    fleet,
    codat: { baseUrl, authHeader, timeoutMs },
    log: () => undefined,
    leaderCheckMs: 200,
    signalCheckMs: 100,
    refusalFlushMs: 100,
  })
  running.push(service)
  return service
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

beforeAll(async () => {
  sim = await startSimServer({ port: 0, limits: { concurrency: 50 } })
  const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  // A clean database: these tests own it.
  await db.query(
    'DROP TABLE IF EXISTS fleet_reread_queue, fleet_data_types, fleet_connections, fleet_health_changes, fleet_webhook_deliveries, fleet_webhook_refusals, fleet_state, fleet_companies, fleet_health_counts, schema_migrations CASCADE',
  )
  await db.query('DROP FUNCTION IF EXISTS fleet_health_counts_follow() CASCADE')
  await db.close()
})
afterAll(async () => {
  for (const service of running) await service.close().catch(() => undefined)
  await sim.close()
})

describe('two console processes on one PostgreSQL', () => {
  it('both serve the fleet, exactly one scans, and the other takes over when it stops', async () => {
    const first = await startProcess()
    const second = await startProcess()
    expect([first.isLeader(), second.isLeader()].filter(Boolean)).toHaveLength(1)
    const [leader, follower] = first.isLeader() ? [first, second] : [second, first]
    await until(async () => (await follower.scanBlock()).lastCompletedAt !== null)
    const total = sim.world.companies().length
    for (const service of [leader, follower]) {
      const page = await service.store.query({
        sort: 'name',
        descending: false,
        page: 1,
        pageSize: 10,
      })
      expect(page.summary.total).toBe(total)
    }
    // Only one process read Codat: one company list, two reads per company, and one history
    // page per failing type (to count its failures in a row).
    const all = await leader.store.query({
      sort: 'name',
      descending: false,
      page: 1,
      pageSize: 500,
    })
    const failingTypes = all.companies.results
      .flatMap((company) => company.problems)
      .filter((problem) => problem.health === 'failing').length
    expect(sim.limits?.stats().answered).toBe(1 + 2 * total + failingTypes)

    // A scan asked for on the follower runs in the leader.
    await follower.requestScan()
    await until(() => leader.isScanning())

    await leader.close()
    await until(() => follower.isLeader())
  }, 120_000)

  it('keeps the fleet over a restart and shows it before asking Codat anything', async () => {
    for (const service of running.splice(0)) await service.close()
    const before = sim.limits?.stats().answered ?? 0
    const restarted = await startProcess()
    const page = await restarted.store.query({
      sort: 'health',
      descending: false,
      page: 1,
      pageSize: 10,
    })
    expect(page.summary.total).toBe(sim.world.companies().length)
    expect((await restarted.scanBlock()).lastCompletedAt).not.toBeNull()
    expect(sim.limits?.stats().answered).toBe(before)
  }, 120_000)

  it('applies a delivery sent to two processes at once only once, and shows every process its refusals', async () => {
    const [first] = running
    if (!first) throw new Error('no process running')
    const second = await startProcess()
    const page = await first.store.query({ sort: 'name', descending: false, page: 1, pageSize: 1 })
    const company = page.companies.results[0]
    if (!company) throw new Error('no company')
    const delivery = {
      id: `msg_both_${Date.now()}`,
      eventType: 'company.deleted',
      event: { eventType: 'company.deleted', payload: { id: company.id } },
      receivedAt: new Date().toISOString(),
    }
    const outcomes = await Promise.all([
      first.receiveWebhook(delivery),
      second.receiveWebhook(delivery),
    ])
    expect(outcomes.sort()).toEqual(['duplicate', 'processed'])
    expect((await first.store.loadCompanies([company.id])).size).toBe(0)

    first.webhookRefused('signature')
    first.webhookRefused('signature')
    second.webhookRefused('stale')
    await until(async () => (await first.scanBlock()).webhooks.refused.lastHour === 3)
    expect((await second.scanBlock()).webhooks.refused.byReason).toEqual([
      { reason: 'signature', count: 2 },
      { reason: 'stale', count: 1 },
    ])
  }, 60_000)
})
