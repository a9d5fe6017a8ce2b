// @vitest-environment node
// Signals between console processes on one PostgreSQL: an idle console leaves the database alone,
// what one process asks for reaches the scanning one at once, and the status is written only when it changes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { openDatabase, type Database, type SqlRunner } from '../store/database.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'
import type { FleetService, FleetServiceOptions } from './fleet-service.ts'
import { startTestFleetService, until } from '../testing/test-fleet-service.ts'
import { startReceiver } from '../testing/alert-receiver.ts'

const HEARTBEAT = '-- lock heartbeat'
const ALERT_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
/** These tests hear signals only as they are announced: the slow check never comes round. */
const NO_FALLBACK = { fallbackCheckMs: 600_000 }
/** How soon an announcement must take effect: far inside the fallback, with room for a busy machine. */
const BOUND_MS = 3000

let sim: SimServer
let admin: Database
const running: FleetService[] = []

interface Statement {
  sql: string
  params: unknown[]
}

/** Every statement a service sends through `db`, in the order sent. */
function counting(db: Database, seen: Statement[]): Database {
  const over = (runner: SqlRunner): SqlRunner => ({
    query<Row>(sql: string, params: unknown[] = []) {
      seen.push({ sql, params })
      return runner.query<Row>(sql, params)
    },
  })
  const wrap = (inner: Database): Database => ({
    ...inner,
    ...over(inner),
    transaction: (work) =>
      inner.transaction((tx) => work({ ...over(tx), exec: (sql) => tx.exec(sql) })),
    tryHoldLock(key) {
      seen.push({ sql: HEARTBEAT, params: [key] })
      return inner.tryHoldLock(key)
    },
    whileHolding: (key, lost) => wrap(inner.whileHolding(key, lost)),
  })
  return wrap(db)
}

async function startProcess(overrides: Partial<FleetServiceOptions> = {}): Promise<FleetService> {
  const service = await startTestFleetService(sim.url, {
    ...overrides,
  })
  running.push(service)
  return service
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

beforeAll(async () => {
  sim = await startSimServer({ port: 0, limits: { concurrency: 50 } })
  admin = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await resetTestDatabase(admin)
}, 60_000)
afterEach(async () => {
  for (const service of running.splice(0)) await service.close().catch(() => undefined)
})
afterAll(async () => {
  await admin.close()
  await sim.close()
})

/** The writes of the published scanner status among `seen`. */
const publications = (seen: readonly Statement[]) =>
  seen.filter((s) => /^\s*INSERT INTO fleet_state/.test(s.sql) && s.params[0] === 'scan-published')

async function scannedOnce(service: FleetService): Promise<void> {
  await until(async () => (await service.scanBlock()).lastCompletedAt !== null, 60_000)
}

describe('an idle console on PostgreSQL', () => {
  it('sends the database almost nothing once its scan is done', async () => {
    const seen: Statement[] = []
    const db = counting(await openDatabase({ databaseUrl: requireTestDatabaseUrl() }), seen)
    const service = await startProcess({ database: db })
    expect(service.isLeader()).toBe(true)
    await scannedOnce(service)
    await sleep(1500)
    seen.length = 0
    const windowMs = 10_000
    await sleep(windowMs)
    const perSecond = seen.length / (windowMs / 1000)
    console.info(`idle leader: ${perSecond.toFixed(2)} statements a second`)
    // The scanner lock's heartbeat every 5 s, nothing else.
    expect(seen.filter((s) => s.sql !== HEARTBEAT)).toEqual([])
    expect(perSecond).toBeLessThanOrEqual(0.3)
  }, 90_000)

  it('with alerts on, adds only a look at the outbox every 15 s', async () => {
    const receiver = await startReceiver()
    // A new store: a first full scan, and its summary.
    await resetTestDatabase(admin)
    try {
      const seen: Statement[] = []
      const db = counting(await openDatabase({ databaseUrl: requireTestDatabaseUrl() }), seen)
      const service = await startProcess({
        database: db,
        alerts: {
          channel: { kind: 'webhook', url: receiver.url, secret: ALERT_SECRET },
          holdMs: 0,
          digestThreshold: 10,
          publicUrl: new URL('https://console.example.com/'),
        },
      })
      await scannedOnce(service)
      // The first scan's summary goes out, then the console is idle.
      await until(() => receiver.received.length > 0)
      await sleep(1500)
      seen.length = 0
      const windowMs = 16_000
      await sleep(windowMs)
      const perSecond = seen.length / (windowMs / 1000)
      console.info(`idle leader with alerts on: ${perSecond.toFixed(2)} statements a second`)
      const others = seen.filter((s) => s.sql !== HEARTBEAT)
      expect(others.every((s) => /alert_outbox/.test(s.sql))).toBe(true)
      expect(others.length).toBeLessThanOrEqual(2)
      expect(perSecond).toBeLessThanOrEqual(0.4)
    } finally {
      await receiver.close()
    }
  }, 90_000)
})

describe('a second console process on the same PostgreSQL', () => {
  it('reaches the scanning one at once with a scan, a pause and a re-read', async () => {
    const leader = await startProcess(NO_FALLBACK)
    const other = await startProcess(NO_FALLBACK)
    expect([leader.isLeader(), other.isLeader()]).toEqual([true, false])
    await scannedOnce(leader)
    await until(async () => (await leader.scanBlock()).state === 'idle')

    // A pause asked for on the other process holds the scanner here.
    await other.pauseForRateLimit(Date.now() + 60_000, 'Paused from another process')
    await until(async () => (await leader.scanBlock()).state === 'paused', BOUND_MS)
    expect((await leader.scanBlock()).pauseReason).toBe('Paused from another process')
    await other.resumeAfterRateLimit()
    await until(async () => (await leader.scanBlock()).state === 'idle', BOUND_MS)

    // A company queued for a re-read there is read here.
    const page = await leader.fleetPage({ sort: 'name', page: 1, pageSize: 1 })
    const company = page.companies.results[0]
    if (!company) throw new Error('no company')
    const readBefore = company.readAt
    const answered = sim.limits?.stats().answered ?? 0
    await other.rereadSoon([{ id: company.id, name: company.name }])
    await until(() => (sim.limits?.stats().answered ?? 0) > answered, BOUND_MS)
    await until(async () => {
      const again = await leader.fleetPage({
        q: company.id,
        sort: 'name',
        page: 1,
        pageSize: 1,
      })
      return again.companies.results[0]?.readAt !== readBefore
      // The reading's way into the store is the writer's, not the signal's: more room.
    }, 15_000)

    // "Scan now" there starts the scan here.
    expect((await other.requestScan()).isNew).toBe(true)
    await until(() => leader.isScanning(), BOUND_MS)
  }, 90_000)

  it('hears again after its listening session was ended, and catches up on what it missed', async () => {
    const leader = await startProcess(NO_FALLBACK)
    const other = await startProcess(NO_FALLBACK)
    expect(leader.isLeader()).toBe(true)
    await scannedOnce(leader)
    await until(async () => (await leader.scanBlock()).state === 'idle', 60_000)
    // Every session that LISTENs, the leader's among them, ended by the server.
    const ended = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
    )
    expect(ended.length).toBeGreaterThanOrEqual(2)
    // Announced while the leader's session is gone or coming back: the catch-up it makes once
    // listening again applies it, whether the announcement reached it or not.
    await other.pauseForRateLimit(Date.now() + 60_000, 'Paused while away')
    await until(async () => (await leader.scanBlock()).state === 'paused', 5000)
    // And listening again: the next announcement arrives as it is made.
    await other.resumeAfterRateLimit()
    await until(async () => (await leader.scanBlock()).state === 'idle', BOUND_MS)
  }, 90_000)
})

describe('the published scanner status', () => {
  it('is written when it changes and at no other time', async () => {
    const seen: Statement[] = []
    const db = counting(await openDatabase({ databaseUrl: requireTestDatabaseUrl() }), seen)
    const leader = await startProcess({ database: db, ...NO_FALLBACK })
    const other = await startProcess(NO_FALLBACK)
    expect(leader.isLeader()).toBe(true)
    await scannedOnce(other)
    await until(async () => (await other.scanBlock()).state === 'idle', 60_000)
    await sleep(1500)
    seen.length = 0
    await sleep(3000)
    expect(publications(seen)).toEqual([])

    // A pause of two seconds: published when it begins, and again when it runs out.
    await other.pauseForRateLimit(Date.now() + 2000, 'A short pause')
    await until(async () => (await other.scanBlock()).state === 'paused', 2000)
    await until(async () => (await other.scanBlock()).state === 'idle', 4000)
    await sleep(3000)
    const written = publications(seen).map((s) => String(s.params[1]))
    const states = written.map((text) => (JSON.parse(text) as { state: string }).state)
    // Each write says something new; the pause and its end are the last two.
    expect(new Set(written).size, written.join('\n')).toBe(written.length)
    expect(states.slice(-2), written.join('\n')).toEqual(['paused', 'idle'])
    expect(written.length, written.join('\n')).toBeLessThanOrEqual(3)
  }, 90_000)
})
