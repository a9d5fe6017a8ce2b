// @vitest-environment node
// POST /webhooks/codat: header names, signatures, replays, slow bodies, duplicates, store failures, unknown events, and what each changes.
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fleetResponseSchema } from '../../api/fleet-schemas.ts'
import type { SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { startWebhookSender } from '../../mocks/sim-webhooks.ts'
import type { FleetService } from '../fleet/fleet-service.ts'
import { openDatabase, type Database, type SqlRunner } from '../store/database.ts'
import { createFleetStore, type FleetStore } from '../store/fleet-store.ts'
import {
  allowLoopback,
  startLoopbackSim,
  openEndedRequest,
  send,
  startProxyServer,
  type ProxyServer,
} from '../testing/test-harness.ts'
import { startFleetConsole } from '../testing/fleet-console.ts'
import { createWebhookRoute, type WebhookReceiver } from './webhook-route.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const OLD_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
let sim: SimServer
let fleet: FleetService
/** The console's store as the tests read it, past the injected faults. */
let store: FleetStore
let proxy: ProxyServer
let close: () => Promise<void>
let sequence = 0
/** The next store statement matching this fails, as if the connection to PostgreSQL dropped. */
let failNext: RegExp | undefined

function withFaults(db: Database): Database {
  const check = (sql: string) => {
    if (!failNext?.test(sql)) return
    failNext = undefined
    throw new Error('Connection terminated unexpectedly')
  }
  const faulty = (runner: SqlRunner): SqlRunner => ({
    async query<Row>(sql: string, params?: unknown[]) {
      check(sql)
      return runner.query<Row>(sql, params)
    },
  })
  return {
    ...db,
    ...faulty(db),
    transaction: (work) =>
      db.transaction((tx) => work({ ...faulty(tx), exec: (sql) => tx.exec(sql) })),
  }
}

beforeAll(async () => {
  const loopback = await startLoopbackSim(server)
  sim = loopback.sim
  const env = {
    ...loopback.env,
    CODAT_WEBHOOK_SECRET: `${SECRET},${OLD_SECRET}`,
  }
  const database = await openDatabase({ memory: true })
  store = createFleetStore(database)
  // The first full scan fills the store before the webhooks arrive.
  const started = await startFleetConsole(env, withFaults(database))
  ;({ fleet, proxy } = started)
  close = started.close
}, 120_000)
afterAll(async () => {
  await close()
  await sim.close()
})
beforeEach(() => allowLoopback(server))

function deliver(
  event: Record<string, unknown>,
  {
    secret = SECRET,
    id = `msg_${++sequence}`,
    at = new Date(),
    // Codat's documented names; Svix's branded ones are accepted too.
    names = 'webhook',
  }: { secret?: string; id?: string; at?: Date; names?: 'webhook' | 'svix' } = {},
) {
  const body = JSON.stringify({
    id: crypto.randomUUID(),
    generatedDate: new Date().toISOString(),
    ...event,
  })
  const signature = new Webhook(secret).sign(id, at, body)
  return send(proxy.url, '/webhooks/codat', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [`${names}-id`]: id,
      [`${names}-timestamp`]: String(Math.floor(at.getTime() / 1000)),
      [`${names}-signature`]: signature,
    },
    body,
  })
}

/** The three headers of a delivery signed now with SECRET, for a body not yet known. */
function signedHeaders(body: string, { id = `msg_${++sequence}`, at = new Date() } = {}) {
  return (
    `webhook-id: ${id}\r\nwebhook-timestamp: ${Math.floor(at.getTime() / 1000)}\r\n` +
    `webhook-signature: ${new Webhook(SECRET).sign(id, at, body)}\r\n`
  )
}

/** A signed-or-not POST to the webhook path whose body never ends (see openEndedRequest). */
function drippingPost(headers: string) {
  return openEndedRequest(
    proxy.url,
    `POST /webhooks/codat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${headers}`,
    10_000,
  )
}

async function fleetAnswer() {
  const reply = await send(proxy.url, '/api/fleet?pageSize=1')
  return fleetResponseSchema.parse(JSON.parse(reply.body))
}

function refusedFor(answer: Awaited<ReturnType<typeof fleetAnswer>>, reason: string): number {
  return answer.scan.webhooks.refused.byReason.find((r) => r.reason === reason)?.count ?? 0
}

async function firstHealthy() {
  const page = await store.query({
    health: 'healthy',
    sort: 'name',
    page: 1,
    pageSize: 1,
  })
  const company = page.companies.results[0]
  if (!company) throw new Error('the simulation has no healthy company')
  const record = (await store.loadCompanies([company.id])).get(company.id)
  const type = record?.dataTypes.find((t) => t.health === 'healthy')
  if (!record || !type) throw new Error('no healthy data type')
  return { record, type }
}

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i += 1) {
    const value = await read()
    if (check(value)) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('timed out')
}

describe('Codat webhooks', () => {
  it('applies a signed read.completed at once: the company shows the failure', async () => {
    const { record, type } = await firstHealthy()
    const reply = await deliver({
      eventType: 'read.completed',
      payload: {
        referenceCompany: { id: record.id, name: record.name },
        dataTypes: [
          {
            dataType: type.dataType,
            status: 'FetchError',
            recordsModified: false,
            connectionId: record.connections[0]?.id,
          },
        ],
      },
    })
    expect(reply.status).toBe(202)
    const after = await until(
      async () => (await store.loadCompanies([record.id])).get(record.id),
      (company) => company?.health === 'failing',
    )
    expect(after?.problems).toContainEqual(
      expect.objectContaining({ dataType: type.dataType, health: 'failing', status: 'FetchError' }),
    )
    expect((await fleet.scanBlock()).webhooks.lastEventAt).not.toBeNull()
  })

  it("accepts Svix's branded svix-* header names too", async () => {
    const reply = await deliver(
      { eventType: 'client.rateLimit.reset', payload: {} },
      { names: 'svix' },
    )
    expect(reply.status).toBe(202)
  })

  it('accepts a delivery signed with an older secret during rotation', async () => {
    const reply = await deliver(
      { eventType: 'client.rateLimit.reset', payload: {} },
      { secret: OLD_SECRET },
    )
    expect(reply.status).toBe(202)
  })

  it('refuses a bad signature, a missing one and a stale timestamp with 401, changing nothing', async () => {
    const { record } = await firstHealthy()
    const gone = { eventType: 'company.deleted', payload: { id: record.id } }
    const forged = await deliver(gone, { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
    expect(forged.status).toBe(401)
    const stale = await deliver(gone, { at: new Date(Date.now() - 6 * 60_000) })
    expect(stale.status).toBe(401)
    const unsigned = await send(proxy.url, '/webhooks/codat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(gone),
    })
    expect(unsigned.status).toBe(401)
    // None of them removed the company. (Counts by health are not compared: the scanner keeps
    // reading in the background, so they may move for reasons of their own.)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await store.loadCompanies([record.id])).size).toBe(1)
  })

  it('refuses bad, missing and stale signature headers at once, without waiting for the body, and closes the connection', async () => {
    const at = Math.floor(Date.now() / 1000)
    const v1 = `v1,${Buffer.alloc(32, 7).toString('base64')}`
    for (const headers of [
      '',
      `webhook-id: msg_x\r\nwebhook-timestamp: ${at}\r\nwebhook-signature: not-a-signature\r\n`,
      `webhook-id: msg_x\r\nwebhook-timestamp: soon\r\nwebhook-signature: ${v1}\r\n`,
      `webhook-id: msg_x\r\nwebhook-timestamp: ${at - 3600}\r\nwebhook-signature: ${v1}\r\n`,
    ]) {
      const { answer, answeredMs, closedMs } = await drippingPost(headers)
      expect(answer).toMatch(/^HTTP\/1\.1 401 /)
      expect(answer).toMatch(/\r\nConnection: close\r\n/i)
      expect(answeredMs).toBeLessThan(500)
      expect(closedMs).toBeLessThan(1500)
    }
  })

  it('cuts a signed body that is still trickling in after 5 s', async () => {
    const { answer, answeredMs, closedMs } = await drippingPost(signedHeaders('{}'))
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(answer).toMatch(/Request body not received within 5 s/)
    expect(answer).toMatch(/\r\nConnection: close\r\n/i)
    expect(answeredMs).toBeGreaterThanOrEqual(4900)
    expect(answeredMs).toBeLessThan(6000)
    expect(closedMs).toBeLessThan(7000)
  }, 15_000)

  it('counts refusals by reason, for the Fleet screen and /metrics', async () => {
    const before = await fleetAnswer()
    const gone = { eventType: 'company.deleted', payload: { id: 'nobody' } }
    expect((await deliver(gone, { secret: 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(
      401,
    )
    expect((await deliver(gone, { at: new Date(Date.now() - 6 * 60_000) })).status).toBe(401)
    expect((await deliver(gone, { at: new Date(Date.now() + 6 * 60_000) })).status).toBe(401)
    const unsigned = await send(proxy.url, '/webhooks/codat', { method: 'POST', body: '{}' })
    expect(unsigned.status).toBe(401)
    expect(unsigned.body).toMatch(/webhook-id, webhook-timestamp or webhook-signature/)
    const after = await fleetAnswer()
    expect(refusedFor(after, 'signature') - refusedFor(before, 'signature')).toBe(1)
    expect(refusedFor(after, 'stale') - refusedFor(before, 'stale')).toBe(2)
    expect(refusedFor(after, 'headers') - refusedFor(before, 'headers')).toBe(1)
    expect(after.scan.webhooks.refused.lastHour - before.scan.webhooks.refused.lastHour).toBe(4)
    expect(Date.now() - Date.parse(after.scan.webhooks.refused.lastAt ?? '')).toBeLessThan(5000)
    const metrics = (await send(proxy.url, '/metrics')).body
    for (const reason of ['signature', 'stale', 'headers'])
      expect(metrics).toMatch(
        new RegExp(
          `codat_webhook_deliveries_total\\{event_type="unverified",outcome="rejected",reason="${reason}"\\} [1-9]`,
        ),
      )
  })

  it('answers 503 when the store fails while applying, keeps nothing, and applies the retry', async () => {
    const { record } = await firstHealthy()
    const event = { eventType: 'company.deleted', payload: { id: record.id } }
    failNext = /^DELETE FROM fleet_companies WHERE id = ANY/
    const failed = await deliver(event, { id: 'msg_store_down' })
    expect(failed.status).toBe(503)
    expect(failed.body).toMatch(/Codat will send it again/)
    expect(failNext).toBeUndefined()
    expect((await store.loadCompanies([record.id])).size).toBe(1)
    const retried = await deliver(event, { id: 'msg_store_down' })
    expect(retried.status).toBe(202)
    expect((await store.loadCompanies([record.id])).size).toBe(0)
    const metrics = (await send(proxy.url, '/metrics')).body
    expect(metrics).toMatch(
      /codat_webhook_deliveries_total\{event_type="company.deleted",outcome="failed"\} 1/,
    )
    // The scanner may read the company back in; put it back for the tests after this one.
    await fleet.rereadSoon([{ id: record.id, name: record.name }])
    await until(
      async () => (await store.loadCompanies([record.id])).size,
      (size) => size === 1,
    )
  })

  it('processes each delivery once, however often Codat retries it', async () => {
    const { record } = await firstHealthy()
    const event = { eventType: 'company.deleted', payload: { id: record.id } }
    expect((await deliver(event, { id: 'msg_retried' })).status).toBe(202)
    await until(
      async () => (await store.loadCompanies([record.id])).size,
      (size) => size === 0,
    )
    // The company comes back (a scan finds it); the retried delivery must not remove it again.
    await fleet.rereadSoon([{ id: record.id, name: record.name }])
    await until(
      async () => (await store.loadCompanies([record.id])).size,
      (size) => size === 1,
    )
    expect((await deliver(event, { id: 'msg_retried' })).status).toBe(204)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await store.loadCompanies([record.id])).size).toBe(1)
    const metrics = await send(proxy.url, '/metrics')
    expect(metrics.body).toMatch(
      /codat_webhook_deliveries_total\{event_type="company.deleted",outcome="duplicate"\} 1/,
    )
  })

  it('takes a company ID from an event only when it is a UUID, and names and types only as the store can keep them', async () => {
    for (const [eventType, payload] of [
      ['company.deleted', { id: '..', name: 'Dots' }],
      ['connection.failed', { referenceCompany: { id: '../../x' } }],
      ['read.completed', { referenceCompany: { id: 'not-a-uuid' }, dataTypes: [] }],
    ] as const) {
      const reply = await deliver({ eventType, payload })
      expect(reply.status, eventType).toBe(202)
    }
    expect(await store.db.query('SELECT company_id FROM fleet_reread_queue')).toEqual([])
    const { record, type } = await firstHealthy()
    const reply = await deliver({
      eventType: 'read.completed',
      payload: {
        referenceCompany: { id: record.id, name: 'Nul\u0000 and \uD800 lone' },
        dataTypes: [
          {
            dataType: type.dataType,
            status: 'FetchError',
            connectionId: record.connections[0]?.id,
          },
          {
            dataType: 'custom\u0000Type',
            status: 'Complete',
            connectionId: record.connections[0]?.id,
          },
        ],
      },
    })
    expect(reply.status).toBe(202)
    const after = (await store.loadCompanies([record.id])).get(record.id)
    expect(after?.name).toBe('Nul and \uFFFD lone')
    expect(after?.dataTypes.map((t) => t.dataType)).toContain('customType')
  })

  it('acknowledges an event type it does not know, and counts it as ignored', async () => {
    const reply = await deliver({ eventType: 'bills.write.successful', payload: { x: 1 } })
    expect(reply.status).toBe(202)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const metrics = await send(proxy.url, '/metrics')
    expect(metrics.body).toMatch(
      /codat_webhook_deliveries_total\{event_type="other",outcome="ignored"\} 1/,
    )
  })

  it('pauses the scanner on client.rateLimit.reached until the quota resets', async () => {
    const expiry = new Date(Date.now() + 3_600_000).toISOString()
    await deliver({
      eventType: 'client.rateLimit.reached',
      payload: { dailyQuota: 1000, quotaRemaining: 0, expiryDate: expiry },
    })
    const paused = await until(
      () => fleet.scanBlock(),
      (scan) => scan.state === 'paused',
    )
    expect(paused.pausedUntil).toBe(expiry)
    expect(paused.pauseReason).toMatch(/rate limit/i)
    await deliver({ eventType: 'client.rateLimit.reset', payload: {} })
    await until(
      () => fleet.scanBlock(),
      (scan) => scan.state !== 'paused',
    )
  })

  it('closes the loop: the simulation signs read.completed when a refresh ends, and the fleet applies it', async () => {
    const sender = startWebhookSender({
      world: sim.world,
      url: `${proxy.url}/webhooks/codat`,
      secret: SECRET,
      intervalMs: 100,
    })
    try {
      const { record, type } = await firstHealthy()
      const company = sim.world.company(record.id)
      if (!company) throw new Error('company missing from the simulation')
      sim.world.queue(company, type.dataType)
      await until(
        () => Promise.resolve(sender.sent()),
        (sent) => sent > 0,
      )
      const metrics = await until(
        async () => (await send(proxy.url, '/metrics')).body,
        (text) => /event_type="read.completed",outcome="processed"\} [1-9]/.test(text),
      )
      expect(metrics).toMatch(/codat_webhook_deliveries_total/)
    } finally {
      sender.stop()
    }
  }, 60_000)
})

describe('Codat webhooks when the store cannot keep up', () => {
  const signedPost = (url: string, id: string) => {
    const body = JSON.stringify({ eventType: 'client.rateLimit.reset', payload: {} })
    const at = new Date()
    return send(url, '/webhooks/codat', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign(id, at, body),
      },
      body,
    })
  }
  const startWith = (fleetReady: Promise<WebhookReceiver>) =>
    startProxyServer(
      { CODAT_API_KEY: 'test-key', CODAT_WEBHOOK_SECRET: SECRET },
      { routes: [createWebhookRoute(fleetReady, { secrets: [SECRET], applyDeadlineMs: 300 })] },
    )

  it('answers 503 within its deadline when the store does not answer, so Codat retries', async () => {
    const stuck = await startWith(
      Promise.resolve({
        receiveWebhook: () => new Promise<never>(() => undefined),
        webhookRefused: () => undefined,
      }),
    )
    try {
      const started = Date.now()
      const reply = await signedPost(stuck.url, 'msg_stuck')
      expect(reply.status).toBe(503)
      expect(Date.now() - started).toBeLessThan(1500)
    } finally {
      await stuck.close()
    }
  })

  it('answers 503 when the store could not be opened', async () => {
    const broken = Promise.reject(new Error('cannot open the store'))
    broken.catch(() => undefined)
    const down = await startWith(broken)
    try {
      expect((await signedPost(down.url, 'msg_down')).status).toBe(503)
    } finally {
      await down.close()
    }
  })
})
