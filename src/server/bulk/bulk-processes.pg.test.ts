// @vitest-environment node
// Bulk refresh with console processes on one PostgreSQL: each item sent once across a hand-over, and a job resumed after a crash.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { BulkJob } from '../../api/bulk-schemas.ts'
import { startSimServer, type SimRequest, type SimServer } from '../../mocks/http.ts'
import { planBulkRefresh } from '../../lib/bulk-refresh.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'
import type { FleetService, FleetServiceOptions } from '../fleet/fleet-service.ts'
import { startTestFleetService, until } from '../testing/test-fleet-service.ts'
import { draftOf } from '../testing/bulk-store-contract.ts'
import { createBulkStore, UNKNOWN_AFTER_STOP } from './bulk-store.ts'

const SIM_KEY = `Basic ${Buffer.from('test-key').toString('base64')}`
const REFRESH = /^\/companies\/([^/]+)\/data\/(?:all|queue\/[^/?]+)/

let sim: SimServer
let pulls: NodeJS.Timeout
const running: FleetService[] = []
const extra: Database[] = []

const refreshes = (since: number): SimRequest[] =>
  sim.requests().filter((r) => r.method === 'POST' && REFRESH.test(r.path) && r.startedAt >= since)
const companyOf = (request: SimRequest) => REFRESH.exec(request.path)?.[1] ?? ''
const isEnded = (job: BulkJob | undefined) =>
  job?.state === 'finished' || job?.state === 'cancelled'

async function setFault(fault: Record<string, unknown>): Promise<void> {
  const reply = await fetch(`${sim.url}/_sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: SIM_KEY },
    body: JSON.stringify(fault),
  })
  expect(reply.status).toBe(200)
}

async function startProcess(overrides: Partial<FleetServiceOptions> = {}): Promise<FleetService> {
  const service = await startTestFleetService(sim.url, {
    leaderCheckMs: 200,
    inProgressEveryMs: 200,
    bulkCheckMs: 100,
    ...overrides,
  })
  running.push(service)
  return service
}

beforeAll(async () => {
  sim = await startSimServer({ port: 0 })
  const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await resetTestDatabase(db)
  await db.close()
  // The simulation's pulls take seconds of its clock: move it on, so they end within the test.
  pulls = setInterval(() => sim.world.advance(5_000), 250)
})
afterEach(async () => {
  for (const service of running.splice(0)) await service.close().catch(() => undefined)
  for (const db of extra.splice(0)) await db.close().catch(() => undefined)
  await setFault({ mode: 'none' })
})
afterAll(async () => {
  clearInterval(pulls)
  await sim.close()
})

describe('bulk refresh across console processes on one PostgreSQL', () => {
  it('sends each item exactly once, whichever process plans it and while scanning hands over', async () => {
    const first = await startProcess()
    const second = await startProcess()
    const [leader, follower] = first.isLeader() ? [first, second] : [second, first]
    await until(async () => (await follower.scanBlock()).lastCompletedAt !== null, 60_000)
    // Slow answers, so the hand-over comes mid-job.
    await setFault({ mode: 'slow', delayMs: 600, pathPattern: '/data/', remaining: 1000 })
    const startedAt = Date.now()
    const draft = await follower.bulk.plan({ selection: { filter: {} }, scope: 'all' }, 'otto')
    await follower.bulk.start(draft.id)
    await until(async () => {
      const job = await follower.bulk.job(draft.id, {})
      return (job?.counts.running ?? 0) + (job?.counts.done ?? 0) + (job?.counts.failed ?? 0) >= 2
    }, 30_000)
    await leader.close()
    // The new scanning process has items left to send.
    expect((await follower.bulk.job(draft.id, {}))?.counts.queued).toBeGreaterThan(0)
    await until(async () => isEnded(await follower.bulk.job(draft.id, {})), 60_000)
    expect(follower.isLeader()).toBe(true)
    const job = await follower.bulk.job(draft.id, {})
    expect(job?.state).toBe('finished')
    expect(job?.counts.unknown).toBe(0)
    const sent = refreshes(startedAt)
    expect(sent.every((r) => r.status < 300)).toBe(true)
    expect(sent).toHaveLength(draft.estimate.requests)
    expect(new Set(sent.map(companyOf)).size).toBe(sent.length)
  }, 120_000)

  it('resumes a job after a crash: queued items sent, the one that was with Codat left unknown', async () => {
    // The store as a process that crashed mid-job left it, before any console runs.
    const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
    extra.push(db)
    await migrate(db)
    await db.query('TRUNCATE bulk_job, bulk_item CASCADE')
    const fleet = await startProcess()
    await until(async () => (await fleet.scanBlock()).lastCompletedAt !== null, 60_000)
    await fleet.close()
    const records = [
      ...(
        await createFleetStore(db).loadCompanies(sim.world.companies().map((c) => c.id))
      ).values(),
    ]
    const plan = planBulkRefresh(records, 'all')
    expect(plan.targets.length).toBeGreaterThan(2)
    const store = createBulkStore(db)
    const draft = await store.createDraft(draftOf(plan, 'otto'))
    await store.start(draft.id)
    const [inFlight] = await store.claim('crashed-process', 1, 60_000)
    if (!inFlight) throw new Error('a claim expected')
    // Its lease as short as a crash leaves it once the request's deadline has passed.
    expect(await store.markSending('crashed-process', inFlight, 1)).toBe(true)

    const startedAt = Date.now()
    const restarted = await startProcess()
    await until(async () => isEnded(await restarted.bulk.job(draft.id, {})), 60_000)
    const job = await restarted.bulk.job(draft.id, { state: 'unknown' })
    expect(job?.state).toBe('finished')
    expect(job?.items.results).toHaveLength(1)
    expect(job?.items.results[0]).toMatchObject({
      position: inFlight.position,
      state: 'unknown',
      error: UNKNOWN_AFTER_STOP,
    })
    const sent = refreshes(startedAt)
    expect(sent).toHaveLength(plan.targets.length - 1)
    expect(sent.map(companyOf)).not.toContain(inFlight.companyId)
  }, 120_000)
})
