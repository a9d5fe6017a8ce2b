// @vitest-environment node
// The scanner against the loopback simulation with Codat's limits on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node.ts'
import { pullOperationsSchema } from '../../api/schemas.ts'
import { findFailureRun } from '../../lib/failure-run.ts'
import { statusGroup } from '../../lib/status-groups.ts'
import { SEED } from '../../mocks/seed.ts'
import { createWorld } from '../../mocks/world.ts'
import { allowLoopback } from '../testing/test-harness.ts'
import { company } from '../testing/fleet-store-contract.ts'
import { startFleetRig, type FleetRig } from '../testing/test-fleet.ts'

let rig: FleetRig | undefined

beforeEach(() => allowLoopback(server))
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

describe('fleet scanner', () => {
  it('reads every company with two requests each and keeps the fleet in the store', async () => {
    rig = await startFleetRig({ limits: { concurrency: 10 } })
    const companies = rig.sim.world.companies()
    await rig.scanner.start()
    await rig.scanner.idle()
    const page = await rig.store.query({ sort: 'name', page: 1, pageSize: 500 })
    expect(page.summary.total).toBe(companies.length)
    expect(page.companies.results.map((c) => c.name).sort()).toEqual(
      companies.map((c) => c.name).sort(),
    )
    // One page of the company list, then data status and connections per company; failing
    // types' history apart.
    const counts = rig.reader.counts()
    expect(counts).toMatchObject({ listPages: 1, scan: 2 * companies.length, followUp: 0 })
    expect(rig.reader.requestCount()).toBe(1 + 2 * companies.length + counts.history)
    const status = rig.scanner.status()
    expect(status.state).toBe('idle')
    expect(status.lastCompletedAt).not.toBeNull()
    expect(Date.parse(status.nextScanAt ?? '')).toBeGreaterThan(Date.now() + 29 * 60_000)
    expect(page.summary.byHealth.healthy).toBeGreaterThan(0)
    expect(page.summary.total - page.summary.byHealth.healthy).toBeGreaterThan(0)
  }, 60_000)

  it('finishes at once a scan that was cut short, and otherwise waits for the interval', async () => {
    rig = await startFleetRig()
    await rig.scanner.start()
    await rig.scanner.idle()
    const { store } = rig
    await rig.close()

    // A scanner starting after a completed scan leaves the list alone until the interval.
    rig = await startFleetRig({ store })
    await rig.scanner.start()
    await rig.scanner.idle()
    expect(rig.reader.counts().listPages).toBe(0)
    await rig.close()

    // The scanning process (or its lock on the store) went away in the middle of the next scan.
    const now = new Date().toISOString()
    await store.setState('scan', { lastCompletedAt: now, scanId: 2, runningSince: now })
    rig = await startFleetRig({ store })
    await rig.scanner.start()
    await rig.scanner.idle()
    expect(rig.reader.counts().listPages).toBe(1)
    expect(rig.scanner.status().lastCompletedAt).not.toBe(now)
  }, 60_000)

  it('reads a company asked for again while its scan turn is still to come only once', async () => {
    rig = await startFleetRig({
      world: createWorld({ generatedCompanies: 0 }),
      latencyMs: 30,
      gate: { concurrency: 1 },
    })
    const companies = rig.sim.world.companies()
    await rig.scanner.start()
    await waitFor(() => (rig?.scanner.status().progress?.total ?? 0) > 0)
    // A webhook or a refresh asks for the last companies in the list before the scan reaches them.
    rig.scanner.enqueue(companies.slice(-4).map((c) => ({ id: c.id })))
    await rig.scanner.idle()
    expect(rig.reader.counts()).toMatchObject({
      listPages: 1,
      scan: 2 * companies.length,
      followUp: 0,
    })
    expect(rig.reader.requestCount()).toBe(1 + 2 * companies.length + rig.reader.counts().history)
    const page = await rig.store.query({ sort: 'name', page: 1, pageSize: 50 })
    expect(page.summary.total).toBe(companies.length)
  }, 60_000)

  it("counts a failing type's failures in a row from Codat's history, read for failing types only", async () => {
    rig = await startFleetRig({ world: createWorld({ generatedCompanies: 0 }) })
    const companies = rig.sim.world.companies()
    await rig.scanner.start()
    await rig.scanner.idle()
    const records = await rig.store.loadCompanies(companies.map((c) => c.id))
    const failing = [...records.values()].flatMap((record) =>
      record.dataTypes
        .filter((type) => statusGroup(type.status ?? '') === 'error')
        .map((type) => ({ companyId: record.id, type })),
    )
    expect(failing.length).toBeGreaterThan(0)
    // One history read per failing type, none for the others.
    expect(rig.reader.counts().history).toBe(failing.length)
    // Northwind's invoices: the run Codat's history holds, as the "Why?" panel counts it.
    const answer = await fetch(
      `${rig.sim.url}/companies/${SEED.failing.id}/data/history?page=1&pageSize=100&query=${encodeURIComponent('dataType=invoices')}&orderBy=-requested`,
      { headers: { Authorization: `Basic ${Buffer.from('test-key').toString('base64')}` } },
    )
    const history = pullOperationsSchema.parse(await answer.json())
    const run = findFailureRun(history.results, history.totalResults)
    // Seen for the first time by this console, yet the run and its start are known.
    expect(run?.failuresInARow).toBeGreaterThanOrEqual(1)
    const invoices = records.get(SEED.failing.id)?.problems.find((p) => p.dataType === 'invoices')
    expect(invoices).toMatchObject({
      status: 'FetchError',
      failuresInARow: run?.failuresInARow,
      since: new Date(run?.since.epochMs ?? 0).toISOString(),
    })
    // Scanned again with nothing new at Codat: the runs are known, no history is read.
    rig.scanner.requestScan()
    await waitFor(() => rig?.scanner.status().state === 'running')
    await rig.scanner.idle()
    expect(rig.reader.counts()).toMatchObject({
      listPages: 2,
      scan: 4 * companies.length,
      history: failing.length,
    })
  }, 60_000)

  it('never has more requests in flight than its concurrency', async () => {
    rig = await startFleetRig({
      limits: { concurrency: 2 },
      latencyMs: 30,
      gate: { concurrency: 2 },
    })
    await rig.scanner.start()
    await rig.scanner.idle()
    const stats = rig.sim.limits?.stats()
    expect(stats?.rejected).toBe(0)
    expect(stats?.peakInFlight).toBeLessThanOrEqual(2)
    expect(rig.gate.peakInFlight()).toBe(2)
  }, 60_000)

  it('stops everything for Retry-After after a 429 and says why', async () => {
    // Codat allows 6 requests a minute here; the scanner thinks it may send 300.
    rig = await startFleetRig({ limits: { perMinute: 6 }, gate: { concurrency: 1 } })
    await rig.scanner.start()
    await waitFor(() => rig?.scanner.status().state === 'paused')
    const status = rig.scanner.status()
    expect(status.pauseReason).toMatch(/rate limit/i)
    const pausedUntil = Date.parse(status.pausedUntil ?? '')
    expect(pausedUntil).toBeGreaterThan(Date.now())
    // Nothing is sent while paused.
    const stats = rig.sim.limits?.stats()
    const clock = Date.now()
    expect(stats?.rejected).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(rig.sim.limits?.stats().admittedAt.filter((t) => t > clock)).toEqual([])
    expect(rig.sim.limits?.stats().rejected).toBe(1)
  }, 60_000)

  it('resumes after Retry-After and completes the scan, sending nothing during each pause', async () => {
    // Codat answers one request at a time here, with 429 + Retry-After: 1 for a second one;
    // the scanner may send two. The hand-made companies: enough for several pauses.
    rig = await startFleetRig({
      world: createWorld({ generatedCompanies: 0 }),
      limits: { concurrency: 1 },
      latencyMs: 30,
      gate: { concurrency: 2 },
    })
    const companies = rig.sim.world.companies().length
    await rig.scanner.start()
    await rig.scanner.idle()
    const stats = rig.sim.limits?.stats()
    expect(stats?.rejected).toBeGreaterThan(0)
    // After each 429, nothing reaches Codat until its Retry-After has passed (requests already
    // on their way when the 429 was sent may arrive just after it).
    for (const rejectedAt of stats?.rejectedAt ?? []) {
      const during = stats?.admittedAt.filter((t) => t > rejectedAt + 100 && t < rejectedAt + 990)
      expect(during).toEqual([])
    }
    expect(stats?.peakInFlight).toBe(1)
    expect(rig.gate.peakInFlight()).toBeLessThanOrEqual(2)
    const page = await rig.store.query({ sort: 'name', page: 1, pageSize: 10 })
    expect(page.summary.total).toBe(companies)
    expect(rig.scanner.status().lastCompletedAt).not.toBeNull()
    // Every company read once; each 429 costs one repeat, counted apart.
    const counts = rig.reader.counts()
    expect(counts).toMatchObject({ listPages: 1, scan: 2 * companies, followUp: 0 })
    expect(counts.rateLimited).toBe(stats?.rejected)
    expect(counts.retries).toBe(counts.rateLimited)
    // One request at a time after each pause, a second slot only after 8 clean answers: a
    // 429 at most every 9 requests, so a handful of one-second pauses, not one per request.
    const sent = 2 * companies + 1 + counts.history
    expect(stats?.rejected).toBeLessThanOrEqual(Math.ceil(sent / 9) + 1)
  }, 60_000)

  it('keeps the quota reserve for people: stops when Codat says little of the day is left', async () => {
    // A quota of 20 with a 20 % reserve: the scanner stops once fewer than 4 requests are left.
    rig = await startFleetRig({ limits: { dailyQuota: 20 }, gate: { concurrency: 1 } })
    await rig.scanner.start()
    await waitFor(() => rig?.scanner.status().state === 'paused')
    const status = rig.scanner.status()
    expect(status.pauseReason).toMatch(/quota/i)
    expect(Date.parse(status.pausedUntil ?? '')).toBe(nextUtcMidnight())
    await new Promise((resolve) => setTimeout(resolve, 500))
    const stats = rig.sim.limits?.stats()
    expect(stats?.quotaRemaining).toBe(3)
    expect(stats?.rejected).toBe(0)
  }, 60_000)

  it('drops a company Codat no longer has when it is read again', async () => {
    rig = await startFleetRig()
    const gone = '00000000-0000-4000-8000-000000000000'
    await rig.store.writeCompanies([company(gone, { name: 'Gone Ltd' })], [])
    rig.scanner.enqueue([{ id: gone }])
    await waitFor(() => rig?.reader.requestCount() === 2)
    await rig.scanner.stop()
    expect((await rig.store.loadCompanies([gone])).size).toBe(0)
  }, 60_000)
})

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function nextUtcMidnight(): number {
  const day = 86_400_000
  return (Math.floor(Date.now() / day) + 1) * day
}
