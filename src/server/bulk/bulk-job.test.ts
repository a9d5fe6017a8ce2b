// @vitest-environment node
// A bulk refresh against the simulated Codat, through the running fleet: limits kept, every item ended, cancel, the summary alert.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BulkJob } from '../../api/bulk-schemas.ts'
import { startSimServer, type SimRequest, type SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { loadConfig } from '../config/settings.ts'
import { startFleetService, type FleetService } from '../fleet/fleet-service.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { startReceiver, type AlertReceiver } from '../testing/alert-receiver.ts'
import { allowLoopback } from '../testing/test-harness.ts'
import { until } from '../testing/test-fleet-service.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'

const SIM_KEY = `Basic ${Buffer.from('test-key').toString('base64')}`
const REFRESH = /^\/companies\/([^/]+)\/data\/(?:all|queue\/[^/?]+)/

let sim: SimServer
let receiver: AlertReceiver
let db: Database
let fleet: FleetService
let pulls: NodeJS.Timeout
const logs: string[] = []

const refreshes = (since = 0): SimRequest[] =>
  sim.requests().filter((r) => r.method === 'POST' && REFRESH.test(r.path) && r.startedAt >= since)
const companyOf = (request: SimRequest) => REFRESH.exec(request.path)?.[1] ?? ''
const setFault = (fault: Record<string, unknown>) =>
  fetch(`${sim.url}/_sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: SIM_KEY },
    body: JSON.stringify(fault),
  }).then((reply) => expect(reply.status).toBe(200))
const jobNow = async (id: string) => {
  const job = await fleet.bulk.job(id, {})
  if (!job) throw new Error(`job ${id} is gone`)
  return job
}
const isEnded = (job: BulkJob) => job.state === 'finished' || job.state === 'cancelled'

beforeAll(async () => {
  allowLoopback(server)
  sim = await startSimServer({ port: 0 })
  receiver = await startReceiver()
  const config = loadConfig({
    CODAT_API_KEY: 'test-key',
    CODAT_BASE_URL: sim.url,
    // One request at a time: after a 429 nothing else is already on its way.
    FLEET_CONCURRENCY: '1',
    FLEET_MAX_REQUESTS_PER_MINUTE: '1000',
    ALERT_WEBHOOK_URL: receiver.url.href,
    ALERT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    CONSOLE_PUBLIC_URL: 'https://console.example.com/',
  })
  if (!config.ok) throw new Error(config.errors.join())
  const { fleet: fleetConfig, baseUrl, authHeader, timeoutMs, alerts } = config.config
  db = await openDatabase({ memory: true })
  fleet = await startFleetService({
    fleet: fleetConfig,
    codat: { baseUrl, authHeader, timeoutMs },
    database: db,
    log: (line) => logs.push(line),
    alerts,
    alertTiming: { worker: { pollMs: 200 } },
    inProgressEveryMs: 200,
    bulkCheckMs: 100,
  })
  await until(async () => (await fleet.scanBlock()).lastCompletedAt !== null, 60_000)
  // The simulation's pulls take seconds of its clock: move it on, so they end within the test.
  pulls = setInterval(() => sim.world.advance(5_000), 250)
}, 120_000)
beforeEach(() => allowLoopback(server))
afterAll(async () => {
  clearInterval(pulls)
  await fleet.close()
  await receiver.close()
  await sim.close()
})

describe('a bulk refresh against the simulation', () => {
  let finishedJob: BulkJob

  it('sends every item once, waits out Retry-After, never two of one company at once', async () => {
    // The scanner's status (and with it Codat's last quota headers) is published within a second.
    await until(
      async () =>
        (await db.query("SELECT 1 FROM fleet_state WHERE key = 'codat-quota'")).length === 1,
    )
    const draft = await fleet.bulk.plan({ selection: { filter: {} }, scope: 'all' }, 'otto')
    expect(draft.state).toBe('draft')
    expect(draft.estimate.requests).toBeGreaterThan(3)
    // The quota Codat's headers told the scanner, published in the store for any process's dry run.
    expect(draft.estimate.quota?.limit).toBeGreaterThan(0)
    expect(draft.estimate.quotaShare).toBeGreaterThan(0)
    // Nothing is sent for a dry run.
    expect(refreshes()).toHaveLength(0)
    await setFault({
      mode: 'rate-limit',
      remaining: 2,
      retryAfterSeconds: 2,
      pathPattern: '/data/',
    })
    const startedAt = Date.now()
    await fleet.bulk.start(draft.id)
    await until(async () => isEnded(await jobNow(draft.id)), 90_000)
    const job = await jobNow(draft.id)
    finishedJob = job
    expect(job.state).toBe('finished')
    expect(job.counts.queued + job.counts.sending + job.counts.running).toBe(0)
    expect(job.counts.unknown).toBe(0)

    const sent = refreshes(startedAt)
    const limited = sent.filter((r) => r.status === 429)
    expect(limited).toHaveLength(2)
    // Each item Codat accepted was sent exactly once.
    const accepted = sent.filter((r) => r.status < 300)
    expect(accepted).toHaveLength(draft.estimate.requests)
    expect(new Set(accepted.map(companyOf)).size).toBe(accepted.length)
    // Nothing went to Codat (bulk or scanner) within Retry-After of a 429.
    const codat = sim.requests().filter((r) => r.startedAt >= startedAt)
    for (const refusal of limited) {
      const waitMs = Number(refusal.retryAfter) * 1000
      const tooSoon = codat.filter(
        (r) => r.startedAt > refusal.answeredAt && r.startedAt < refusal.answeredAt + waitMs - 20,
      )
      expect(tooSoon).toEqual([])
    }
    // Never two requests of one company with Codat at the same time.
    for (const a of sent)
      for (const b of sent)
        if (a !== b && companyOf(a) === companyOf(b))
          expect(a.answeredAt <= b.startedAt || b.answeredAt <= a.startedAt).toBe(true)
    // One audit line per request, in a single refresh's shape, naming the job and its creator.
    const audits = logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.type === 'audit' && entry.bulkJobId === draft.id)
    expect(audits).toHaveLength(sent.length)
    expect(audits[0]).toMatchObject({
      user: 'otto',
      operation: 'refresh-company-data',
      dataType: null,
      outcome: 'response',
    })
  }, 120_000)

  it('queues one summary alert when the job finishes', async () => {
    const rows = await db.query<{ message: AlertMessage }>(
      "SELECT message FROM alert_outbox WHERE message->>'type' = 'alert.bulk-finished'",
    )
    expect(rows).toHaveLength(1)
    const message = rows[0]?.message
    expect(message?.title).toBe(
      `Bulk refresh finished: ${finishedJob.counts.done} done, ${finishedJob.counts.failed} failed, ${finishedJob.counts.skipped} skipped`,
    )
    expect(message?.links[0]?.url).toMatch(/^https:\/\/console\.example\.com\//)
    await until(() =>
      receiver.received.some((request) => request.body.includes('alert.bulk-finished')),
    )
  })

  it('cancels: queued items at once, the one with Codat finishes, then the job is cancelled', async () => {
    await setFault({ mode: 'slow', delayMs: 1500, pathPattern: '/data/', remaining: 50 })
    const draft = await fleet.bulk.plan({ selection: { filter: {} }, scope: 'all' }, 'otto')
    const startedAt = Date.now()
    await fleet.bulk.start(draft.id)
    await until(async () => (await jobNow(draft.id)).counts.sending === 1, 20_000)
    const cancelling = await fleet.bulk.cancel(draft.id)
    expect(cancelling.state).toBe('cancelling')
    expect(cancelling.counts.queued).toBe(0)
    expect(cancelling.counts.cancelled).toBe(draft.estimate.requests - 1)
    await until(async () => (await jobNow(draft.id)).state === 'cancelled', 20_000)
    const job = await jobNow(draft.id)
    expect(job.counts.sending).toBe(0)
    expect(job.counts.cancelled).toBe(draft.estimate.requests - 1)
    // Only the request already with Codat went.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(refreshes(startedAt)).toHaveLength(1)
    await setFault({ mode: 'none' })
  }, 60_000)
})
