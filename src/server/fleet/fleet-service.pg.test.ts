// @vitest-environment node
// Several console processes on one PostgreSQL: all serve the fleet, exactly one scans, another
// takes over; a start that fails, a lock session ended under the leader, a request at hand-over;
// webhooks land on any of them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'
import { SCAN_COOL_DOWN_MS, type FleetService, type FleetServiceOptions } from './fleet-service.ts'
import { startTestFleetService, until } from '../testing/test-fleet-service.ts'

let sim: SimServer
const running: FleetService[] = []
/** Databases a test opened itself, closed after it whatever happened. */
const extra: Database[] = []

async function openExtra(): Promise<Database> {
  const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  extra.push(db)
  return db
}

async function startProcess(overrides: Partial<FleetServiceOptions> = {}): Promise<FleetService> {
  const service = await startTestFleetService(sim.url, {
    leaderCheckMs: 200,
    // Only announcements move signals between processes in these tests.
    fallbackCheckMs: 600_000,
    refusalFlushMs: 100,
    ...overrides,
  })
  running.push(service)
  return service
}

// The scanner lock fleet-service.ts takes.
const SCANNER_LOCK = 7361002

/** A PostgreSQL store whose queries matching `pattern` fail the first `times` times. */
function failing(db: Database, pattern: RegExp, times: number): Database {
  let left = times
  const wrap = (inner: Database): Database => ({
    ...inner,
    query(sql, params) {
      if (pattern.test(sql) && left > 0) {
        left -= 1
        return Promise.reject(new Error('injected: the store did not answer'))
      }
      return inner.query(sql, params)
    },
    whileHolding: (key, lost) => wrap(inner.whileHolding(key, lost)),
  })
  return wrap(db)
}

async function lastScan(service: FleetService): Promise<string | null> {
  return (await service.scanBlock()).lastCompletedAt
}

beforeAll(async () => {
  sim = await startSimServer({ port: 0, limits: { concurrency: 50 } })
  const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  // A clean database: these tests own it.
  await resetTestDatabase(db)
  await db.close()
})
afterEach(async () => {
  for (const db of extra.splice(0)) await db.close().catch(() => undefined)
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
      const page = await service.fleetPage({
        sort: 'name',
        page: 1,
        pageSize: 10,
      })
      expect(page.summary.total).toBe(total)
    }
    // Only one process read Codat: one company list, two reads per company, and one history
    // page per failing type (to count its failures in a row).
    const all = await leader.fleetPage({
      sort: 'name',
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
    // The scan the last test asked for ends first: a scan cut short is finished at once by the
    // next process, which is another guarantee (the scanner's tests).
    await until(() => running.every((service) => !service.isScanning()))
    for (const service of running.splice(0)) await service.close()
    const before = sim.limits?.stats().answered ?? 0
    const restarted = await startProcess()
    const page = await restarted.fleetPage({
      sort: 'health',
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
    const page = await first.fleetPage({ sort: 'name', page: 1, pageSize: 1 })
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
    const records = await createFleetStore(await openExtra()).loadCompanies([company.id])
    expect(records.size).toBe(0)

    first.webhookRefused('signature')
    first.webhookRefused('signature')
    second.webhookRefused('stale')
    await until(async () => (await first.scanBlock()).webhooks.refused.lastHour === 3)
    expect((await second.scanBlock()).webhooks.refused.byReason).toEqual([
      { reason: 'signature', count: 2 },
      { reason: 'stale', count: 1 },
    ])
  }, 60_000)

  it('a leader whose scanner fails to start lets the lock go and scans once the store answers', async () => {
    for (const service of running.splice(0)) await service.close()
    const before = await (async () => {
      const reader = await startProcess({ leaderCheckMs: 60_000 })
      const at = await lastScan(reader)
      await reader.close()
      running.splice(0)
      return at
    })()
    const db = await openExtra()
    await db.query("DELETE FROM fleet_state WHERE key = 'scan-request'")
    // The scanner's start reads the counts per health: the first read fails.
    const service = await startProcess({
      database: failing(db, /FROM fleet_health_counts/, 1),
    })
    await until(() => service.isLeader(), 10_000)
    await service.requestScan()
    await until(async () => (await lastScan(service)) !== before, 20_000)
  }, 60_000)

  it('a scan asked for while no process holds the scanner lock runs when one takes it', async () => {
    for (const service of running.splice(0)) await service.close()
    const dying = await openExtra()
    // Leadership is moving: the old leader's session still holds the lock, nobody scans.
    expect(await dying.tryHoldLock(SCANNER_LOCK)).toBe(true)
    await dying.query("DELETE FROM fleet_state WHERE key = 'scan-request'")
    const service = await startProcess()
    expect(service.isLeader()).toBe(false)
    const before = await lastScan(service)
    await service.requestScan()
    await dying.close()
    await until(() => service.isLeader(), 10_000)
    await until(async () => (await lastScan(service)) !== before, 20_000)
  }, 60_000)

  it('a leader whose lock session is ended stops at once, and another process takes over', async () => {
    for (const service of running.splice(0)) await service.close()
    const lines: string[] = []
    // It would not check its lock again for a minute: it hears of the loss from the connection.
    const leader = await startProcess({ leaderCheckMs: 60_000, log: (line) => lines.push(line) })
    expect(leader.isLeader()).toBe(true)
    const other = await startProcess()
    const admin = await openExtra()
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND objid = $1 AND objsubid = 1 AND granted`,
      [SCANNER_LOCK],
    )
    await until(() => !leader.isLeader(), 3_000)
    expect(lines.some((line) => line.includes('"scanner-lost-lock"'))).toBe(true)
    await until(() => other.isLeader(), 10_000)
    expect(leader.isLeader()).toBe(false)
  }, 60_000)

  it('answers a second "scan now" within the cool-down with the first, on any process', async () => {
    for (const service of running.splice(0)) await service.close()
    const first = await startProcess()
    const second = await startProcess()
    await (await openExtra()).query("DELETE FROM fleet_state WHERE key = 'scan-request'")
    const [leader, follower] = first.isLeader() ? [first, second] : [second, first]
    await until(async () => (await leader.scanBlock()).state === 'idle')
    const asked = await follower.requestScan()
    expect(asked.isNew).toBe(true)
    const again = await leader.requestScan()
    expect(again.isNew).toBe(false)
    const block = await follower.scanBlock()
    expect(Date.parse(block.nextRequestAt ?? '')).toBe(
      Date.parse(asked.requestedAt ?? '') + SCAN_COOL_DOWN_MS,
    )
  }, 60_000)
})
