// The world's state machine over a manual clock: lifecycles, outcomes and derived data status.
import { describe, expect, it } from 'vitest'
import { createManualClock } from './manual-clock.ts'
import type { PullOperation } from './operation-lifecycle.ts'
import { offeredTypes } from './platforms.ts'
import { SEED } from './seed.ts'
import { createWorld, type SimWorld } from './world.ts'

function setup() {
  const clock = createManualClock()
  const world = createWorld({ now: clock.now })
  return { clock, world }
}

function queued(world: SimWorld, companyId: string, dataType: string, connectionId?: string) {
  const company = world.company(companyId)
  if (!company) throw new Error(`no company ${companyId}`)
  const result = world.queue(company, dataType, connectionId)
  if (result.kind !== 'queued') throw new Error(`not queued: ${result.kind}`)
  return result.operation
}

/** Samples the operation every 500 ms until it ends; returns each distinct status in order. */
function walk(world: SimWorld, clock: { advance: (ms: number) => void }, op: PullOperation) {
  const seen: PullOperation[] = []
  for (let i = 0; i < 80; i++) {
    const now = world.operation(op.companyId, op.id)
    if (!now) throw new Error('operation vanished')
    seen.push(now)
    if (now.completed) break
    clock.advance(500)
  }
  const statuses = seen.map((o) => o.status).filter((s, i, all) => all[i - 1] !== s)
  return { statuses, seen, last: seen[seen.length - 1] as PullOperation }
}

describe('a refresh over time', () => {
  it('goes Queued → Fetching → Mapping → Complete within 20 s, progress rising', () => {
    const { world, clock } = setup()
    const op = queued(world, SEED.healthy.id, 'invoices')
    expect(op).toMatchObject({
      status: 'Queued',
      progress: 0,
      isCompleted: false,
      isErrored: false,
    })
    expect(op).not.toHaveProperty('completed')
    const { statuses, seen, last } = walk(world, clock, op)
    expect(statuses).toEqual(['Queued', 'Fetching', 'Mapping', 'Complete'])
    const progress = seen.map((o) => o.progress)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(last).toMatchObject({ progress: 100, isCompleted: true, isErrored: false })
    expect(Date.parse(last.completed ?? '') - Date.parse(last.requested)).toBeLessThan(20_000)
    expect(seen.length * 500).toBeGreaterThan(7_000)
  })

  it('fails with FetchError or MapError and an error message for failing types', () => {
    const { world, clock } = setup()
    const fetch = walk(world, clock, queued(world, SEED.failing.id, 'invoices'))
    expect(fetch.statuses).toEqual(['Queued', 'Fetching', 'FetchError'])
    expect(fetch.last).toMatchObject({ isErrored: true, isCompleted: false })
    expect(fetch.last.errorMessage).toMatch(/QuickBooks Online|timed out/)
    const map = walk(world, clock, queued(world, SEED.failing.id, 'journalEntries'))
    expect(map.statuses).toEqual(['Queued', 'Fetching', 'Mapping', 'MapError'])
    expect(map.last.errorMessage).toContain('journalEntries')
  })

  it('ends AuthError on a Deauthorized connection', () => {
    const { world, clock } = setup()
    const { statuses, last } = walk(world, clock, queued(world, SEED.deauthorized.id, 'invoices'))
    expect(statuses).toEqual(['Queued', 'AuthError'])
    expect(last).toMatchObject({ isErrored: true, progress: 0 })
    expect(last.errorMessage).toMatch(/relink/)
  })

  it('ends NotSupported for a type the platform does not offer', () => {
    const { world, clock } = setup()
    const { statuses, last } = walk(world, clock, queued(world, SEED.healthy.id, 'commerce-orders'))
    expect(statuses).toEqual(['Queued', 'NotSupported'])
    expect(last).toMatchObject({ isErrored: false, isCompleted: false })
    expect(last.connectionId).toBe(SEED.healthy.connectionId)
  })

  it('ends RateLimitError, paused until a date, when the source is rate limited', () => {
    const { world, clock } = setup()
    const { statuses, last } = walk(world, clock, queued(world, SEED.rateLimited.id, 'invoices'))
    expect(statuses).toEqual(['Queued', 'Fetching', 'RateLimitError'])
    expect(last.statusDescription).toMatch(/^Paused until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/)
  })

  it('writes dates like Codat, with 7-digit fractions', () => {
    const { world } = setup()
    const op = queued(world, SEED.healthy.id, 'bills')
    expect(op.requested).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/)
    expect(op.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('is deterministic: the same clock gives the same world, byte for byte', () => {
    const a = setup()
    const b = setup()
    for (const { world } of [a, b]) {
      const company = world.company(SEED.bigHistory.id)
      if (company) world.refreshAll(company)
    }
    a.clock.advance(9000)
    b.clock.advance(9000)
    expect(JSON.stringify(a.world.operations(SEED.bigHistory.id))).toBe(
      JSON.stringify(b.world.operations(SEED.bigHistory.id)),
    )
  })
})

describe('data status', () => {
  it('has equal ids for a healthy type and only dataType for a never-synced one', () => {
    const { world } = setup()
    const healthy = world.dataStatus(world.company(SEED.healthy.id) ?? fail())
    const invoices = healthy.invoices
    expect(invoices?.currentStatus).toBe('Complete')
    expect(invoices?.latestSyncId).toBe(invoices?.latestSuccessfulSyncId)
    const never = world.dataStatus(world.company(SEED.neverSynced.id) ?? fail())
    expect(Object.values(never).length).toBeGreaterThan(10)
    for (const [key, status] of Object.entries(never)) expect(status).toEqual({ dataType: key })
  })

  it('keeps the last success when the latest sync failed, and has none after a failed first sync', () => {
    const { world } = setup()
    const statuses = world.dataStatus(world.company(SEED.failing.id) ?? fail())
    const invoices = statuses.invoices
    expect(invoices?.currentStatus).toBe('FetchError')
    expect(invoices?.latestSuccessfulSyncId).toBeDefined()
    expect(invoices?.latestSyncId).not.toBe(invoices?.latestSuccessfulSyncId)
    expect(statuses[SEED.failing.firstSyncFailedType]).toEqual({
      dataType: SEED.failing.firstSyncFailedType,
      currentStatus: 'MapError',
      latestSyncId: expect.any(String) as string,
    })
  })

  it('follows a new refresh from Queued to a new latest success', () => {
    const { world, clock } = setup()
    const company = world.company(SEED.healthy.id) ?? fail()
    const op = queued(world, SEED.healthy.id, 'invoices')
    expect(world.dataStatus(company).invoices).toMatchObject({
      currentStatus: 'Queued',
      latestSyncId: op.id,
    })
    clock.advance(30_000)
    expect(world.dataStatus(company).invoices).toMatchObject({
      currentStatus: 'Complete',
      latestSyncId: op.id,
      latestSuccessfulSyncId: op.id,
    })
  })

  it('refreshes everything usable, skipping PendingAuth connections and running types', () => {
    const { world } = setup()
    const company = world.company(SEED.multiConnection.id) ?? fail()
    const queuedCount = world.refreshAll(company)
    expect(queuedCount).toBe(
      offeredTypes('quickBooksOnline').length + offeredTypes('plaid').length - 1,
    )
    expect(world.refreshAll(company)).toBe(0)
    expect(world.dataStatus(company)['commerce-orders']).toEqual({ dataType: 'commerce-orders' })
  })

  it('generates thousands of history rows for the busy company', () => {
    const { world } = setup()
    expect(world.operations(SEED.bigHistory.id)).toHaveLength(SEED.bigHistory.historySize)
  })
})

function fail(): never {
  throw new Error('seeded company missing')
}
