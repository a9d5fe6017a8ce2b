// The demo's bulk refresh over a manual clock: the dry run, pacing, following pulls to their end,
// cancel, retry, one job at a time, and every answer in the contract's shape.
import { describe, expect, it } from 'vitest'
import {
  bulkJobSchema,
  currentBulkJobSchema,
  type BulkJob,
  type BulkRequest,
} from '../api/bulk-schemas.ts'
import { planBulkRefresh } from '../lib/bulk-refresh.ts'
import { DEMO_BULK_PER_MINUTE, DEMO_SEND_LATENCY_MS, DemoBulk } from './bulk-sim.ts'
import { createFleetHandlers } from './fleet-routes.ts'
import { DemoFleet } from './fleet-sim.ts'
import { createHandlers } from './handlers.ts'
import { createManualClock } from './manual-clock.ts'
import { server } from './node.ts'
import { createWorld } from './world.ts'

const SEND_GAP_MS = 60_000 / DEMO_BULK_PER_MINUTE
const FAILING: BulkRequest = { selection: { filter: { health: 'failing' } }, scope: 'failing' }

function setup() {
  const clock = createManualClock()
  const world = createWorld({ now: clock.now, generatedCompanies: 40 })
  server.use(...createFleetHandlers(world), ...createHandlers(world))
  return { clock, world }
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`/api/fleet/bulk${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as unknown }
}

async function job(method: 'GET' | 'POST', path: string, body?: unknown): Promise<BulkJob> {
  const answer = await call(method, path, body)
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300)
  return bulkJobSchema.parse(answer.body)
}

async function current(): Promise<BulkJob | null> {
  const answer = await call('GET', '/current')
  expect(answer.status).toBe(200)
  return currentBulkJobSchema.parse(answer.body).job
}

/** Moves the clock in small steps, reading the job at each as the screen's polling would. */
async function follow(clock: { advance: (ms: number) => void }, ms: number, step = 1_000) {
  let last = await current()
  for (let passed = 0; passed < ms; passed += step) {
    clock.advance(step)
    last = await current()
  }
  return last
}

describe('the demo bulk refresh', () => {
  it('plans a filter over the whole fleet with the shared dry run, and sends nothing', async () => {
    const { world } = setup()
    const draft = await job('POST', '', FAILING)
    expect(draft.state).toBe('draft')
    // The same plan as the model's over the failing companies of the same fleet.
    const failing = new DemoFleet(world)
      .currentRecords()
      .filter((record) => record.health === 'failing')
    const plan = planBulkRefresh(failing, 'failing')
    expect(draft.companies).toBe(failing.length)
    expect(draft.estimate.requests).toBe(plan.targets.length)
    expect(draft.counts.queued).toBe(plan.targets.length)
    expect(draft.counts.skipped).toBe(plan.skips.length)
    expect(draft.byConnection.reduce((sum, entry) => sum + entry.requests, 0)).toBe(
      plan.targets.length,
    )
    expect(draft.estimate.quotaShare).toBeGreaterThan(0)
    expect(draft.selection).toBe('every company with health failing')
    expect(world.createdOperations()).toHaveLength(0)
    expect(await current()).toBeNull()
  })

  it('names companies one by one and refuses a selection outside the contract', async () => {
    const { world } = setup()
    const [first, second] = world.companies()
    const draft = await job('POST', '', {
      selection: { companyIds: [first!.id, second!.id] },
      scope: 'all',
    })
    expect(draft.selection).toBe('2 chosen companies')
    expect(draft.companies).toBe(2)
    const refused = await call('POST', '', { selection: { companyIds: ['nope'] }, scope: 'all' })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toMatch(/selection/)
  })

  it('sends at the simulation’s pace and follows each pull to its end', async () => {
    const { clock, world } = setup()
    const draft = await job('POST', '', FAILING)
    const started = await job('POST', `/${draft.id}/start`)
    expect(started.state).toBe('running')
    clock.advance(1_000)
    const after1s = await current()
    // Sent at 0, 333, 667 and 1,000 ms, each answered 400 ms later: two answered, two with Codat.
    const sent = Math.floor(1_000 / SEND_GAP_MS) + 1
    expect(sent).toBe(4)
    expect(after1s!.counts.queued).toBe(draft.counts.queued - sent)
    expect(after1s!.counts.sending).toBe(2)
    expect(world.createdOperations()).toHaveLength(2)
    const end = await follow(clock, 3 * 60_000)
    expect(end!.state).toBe('finished')
    expect(end!.finishedAt).not.toBeNull()
    const { done, failed, skipped } = end!.counts
    expect(done + failed + skipped).toBe(draft.counts.queued + draft.counts.skipped)
    expect(done).toBeGreaterThan(0)
    // Each done item links to the pull it queued.
    const doneItems = await job('GET', `/${draft.id}?state=done`)
    const created = new Set(world.createdOperations().map((plan) => plan.id))
    expect(doneItems.items.results.every((item) => created.has(item.datasetId ?? ''))).toBe(true)
  })

  it('cancels what is still queued and lets the requests with Codat finish', async () => {
    const { clock, world } = setup()
    const draft = await job('POST', '', FAILING)
    await job('POST', `/${draft.id}/start`)
    clock.advance(SEND_GAP_MS * 2 + DEMO_SEND_LATENCY_MS / 2)
    const cancelled = await job('POST', `/${draft.id}/cancel`)
    expect(cancelled.state).toBe('cancelling')
    expect(cancelled.cancelledAt).not.toBeNull()
    expect(cancelled.counts.queued).toBe(0)
    expect(cancelled.counts.cancelled).toBe(draft.counts.queued - 3)
    clock.advance(DEMO_SEND_LATENCY_MS)
    const end = await follow(clock, 60_000)
    expect(end!.state).toBe('cancelled')
    expect(world.createdOperations()).toHaveLength(3)
    expect(end!.counts.cancelled).toBe(draft.counts.queued - 3)
    // The three Codat took were followed to their end after the job stopped sending.
    expect(end!.counts.running).toBe(0)
    expect(end!.counts.done + end!.counts.failed).toBe(3)
  })

  it('retries failed items once Codat answers again', async () => {
    const { clock, world } = setup()
    world.setFault({ mode: 'server-error', pathPattern: '/data/queue/' })
    const draft = await job('POST', '', FAILING)
    await job('POST', `/${draft.id}/start`)
    const failed = await follow(clock, 3 * 60_000)
    expect(failed!.state).toBe('finished')
    expect(failed!.counts.failed).toBe(draft.counts.queued)
    const item = (await job('GET', `/${draft.id}?state=failed`)).items.results[0]
    expect(item?.attempts).toBe(3)
    expect(item?.error).toMatch(/unexpected error/)
    world.setFault({ mode: 'none' })
    const retried = await job('POST', `/${draft.id}/retry`)
    expect(retried.state).toBe('running')
    expect(retried.counts.failed).toBe(0)
    const end = await follow(clock, 3 * 60_000)
    expect(end!.state).toBe('finished')
    expect(end!.counts.done).toBeGreaterThan(0)
    expect(end!.counts.queued + end!.counts.running).toBe(0)
  })

  it('runs one job at a time and answers a second start with the same job', async () => {
    const { world } = setup()
    const first = await job('POST', '', FAILING)
    await job('POST', `/${first.id}/start`)
    const again = await job('POST', `/${first.id}/start`)
    expect(again.id).toBe(first.id)
    const second = await job('POST', '', {
      selection: { companyIds: [world.companies()[0]!.id] },
      scope: 'all',
    })
    const refused = await call('POST', `/${second.id}/start`)
    expect(refused.status).toBe(409)
    expect((refused.body as { error: string }).error).toMatch(/Another bulk refresh/)
    expect((await current())?.id).toBe(first.id)
    expect((await call('GET', '/not-a-job')).status).toBe(404)
  })

  it('remembers its started jobs for the same world, as the demo does across a reload', () => {
    const { clock, world } = setup()
    let saved: string | null = null
    const store = { load: () => saved, save: (text: string) => void (saved = text) }
    const fleet = new DemoFleet(world)
    const bulk = new DemoBulk(world, fleet, { store })
    const draft = bulk.createDraft(FAILING)
    bulk.start(draft.id)
    clock.advance(2_000)
    const before = bulk.current()
    const reloaded = new DemoBulk(world, new DemoFleet(world), { store }).current()
    expect(reloaded?.id).toBe(draft.id)
    expect(reloaded?.counts).toEqual(before?.counts)
    world.reset()
    expect(new DemoBulk(world, new DemoFleet(world), { store }).current()).toBeNull()
  })
})
