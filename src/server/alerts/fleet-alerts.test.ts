// @vitest-environment node
// Alerts through the running console: the simulation turns a data type failing, a local receiver takes what is sent, operators test the channel.
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  alertTestResultSchema,
  fleetResponseSchema,
  recentAlertsSchema,
} from '../../api/fleet-schemas.ts'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { formatUserEntry } from '../auth/console-users.ts'
import { openDatabase } from '../store/database.ts'
import { startReceiver, type AlertReceiver } from '../testing/alert-receiver.ts'
import { pullToTheEnd, worldWhereNextPullsFail } from '../testing/test-fleet.ts'
import { startFleetConsole, type FleetConsole } from '../testing/fleet-console.ts'
import { allowLoopback, basic, errorOf, send, startProxyServer } from '../testing/test-harness.ts'
import { createAlertTestRoute } from './alert-routes.ts'
import { readCompletedDelivery, until } from '../testing/test-fleet-service.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const viewer = basic('vera', 'viewer-password-123')
const operator = basic('otto', 'operator-password-456')
/** The healthy company's invoices and bills: healthy in the seeded history, failing when pulled again. */
const TURNS_FAILING = 'invoices'
const FAILS_BY_WEBHOOK = 'bills'

let sim: SimServer
let receiver: AlertReceiver
let running: FleetConsole
let users: string

/** What the receiver took, verified as a receiver would (signature first, then the body). */
const messages = (): AlertMessage[] =>
  receiver.received.map((request) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    )
    return new Webhook(SECRET).verify(request.body, headers) as AlertMessage
  })
const aboutHealthyCompany = () =>
  messages().filter((message) => message.company?.id === SEED.healthy.id)
const fleetScan = async () => {
  const reply = await send(running.proxy.url, '/api/fleet', { headers: { authorization: viewer } })
  return fleetResponseSchema.parse(JSON.parse(reply.body)).scan
}
/** `GET /api/fleet/alerts` as a viewer reads it: the latest messages, newest first. */
const recent = async () => {
  const reply = await send(running.proxy.url, '/api/fleet/alerts', {
    headers: { authorization: viewer },
  })
  expect(reply.status).toBe(200)
  return recentAlertsSchema.parse(JSON.parse(reply.body))
}
const sendTest = (authorization: string) =>
  send(running.proxy.url, '/api/fleet/alerts/test', {
    method: 'POST',
    headers: { authorization },
  })
/** The outbox empty and one more step of the rules gone by: nothing else is on its way. */
const settled = async () => {
  await until(async () => (await fleetScan()).alerts?.waiting === 0)
  await new Promise((resolve) => setTimeout(resolve, 3500))
  await until(async () => (await fleetScan()).alerts?.waiting === 0)
}

beforeAll(async () => {
  allowLoopback(server)
  // The bakery's invoices and bills fail from their next pull on.
  const world = worldWhereNextPullsFail(SEED.healthy.id, {
    [TURNS_FAILING]: 'FetchError',
    [FAILS_BY_WEBHOOK]: 'FetchError',
  })
  sim = await startSimServer({ port: 0, world })
  receiver = await startReceiver()
  users = [
    await formatUserEntry('vera', 'viewer', 'viewer-password-123'),
    await formatUserEntry('otto', 'operator', 'operator-password-456'),
  ].join(',')
  running = await startFleetConsole(
    {
      CODAT_API_KEY: 'test-key',
      CODAT_BASE_URL: sim.url,
      CONSOLE_USERS: users,
      ALERT_WEBHOOK_URL: receiver.url.href,
      ALERT_WEBHOOK_SECRET: SECRET,
      ALERT_AFTER_MINUTES: '0',
      CONSOLE_PUBLIC_URL: 'https://console.example.com/',
    },
    await openDatabase({ memory: true }),
  )
}, 120_000)
// The receiver is a real local server: requests to it pass the simulation by.
beforeEach(() => allowLoopback(server))
afterAll(async () => {
  await running.close()
  await receiver.close()
  await sim.close()
})

describe('alerts in the running console', () => {
  it('tells nothing per company about the first scan: at most one summary', async () => {
    await settled()
    // One summary of what the first scan found, and nothing about any one company.
    expect(messages().map((message) => message.type)).toEqual(['alert.baseline'])
    const status = await fleetScan()
    expect(status.alerts).toMatchObject({ configured: true, brokenSince: null, waiting: 0 })
  }, 60_000)

  it('tells once, naming the company and the type, when a type starts failing', async () => {
    // The pull ends failing at the simulation, then the console reads the company.
    pullToTheEnd(sim.world, SEED.healthy.id, TURNS_FAILING)
    await running.fleet.rereadSoon([{ id: SEED.healthy.id }])
    await until(() => aboutHealthyCompany().length > 0)
    await settled()
    const told = aboutHealthyCompany()
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({
      type: 'alert.change',
      company: { id: SEED.healthy.id, name: SEED.healthy.name },
      dataType: TURNS_FAILING,
      health: 'failing',
      previousHealth: 'healthy',
    })
    expect(told[0]?.title).toContain(SEED.healthy.name)
    expect(told[0]?.company?.url).toMatch(/^https:\/\/console\.example\.com\//)
    // Codat's own words for the failed pull, as its history gives them.
    const failed = sim.world
      .operations(SEED.healthy.id)
      .filter((operation) => operation.dataType === TURNS_FAILING)
      .sort((a, b) => b.requested.localeCompare(a.requested))[0]
    expect(failed?.status).toBe('FetchError')
    expect(failed?.errorMessage).toBeTruthy()
    expect(told[0]?.error).toBe(failed?.errorMessage)
  }, 60_000)

  it('tells a change that a read.completed webhook wrote, once', async () => {
    pullToTheEnd(sim.world, SEED.healthy.id, FAILS_BY_WEBHOOK)
    // Codat says how the read ended; the console's re-read of the company then agrees.
    const outcome = await running.fleet.receiveWebhook(
      readCompletedDelivery('msg_alerts_read_completed', SEED.healthy, [
        { dataType: FAILS_BY_WEBHOOK, status: 'FetchError' },
      ]),
    )
    expect(outcome).toBe('processed')
    const aboutBills = () =>
      aboutHealthyCompany().filter((message) => message.dataType === FAILS_BY_WEBHOOK)
    await until(() => aboutBills().length > 0)
    await settled()
    expect(aboutBills()).toHaveLength(1)
    expect(aboutBills()[0]).toMatchObject({ type: 'alert.change', health: 'failing' })
  }, 60_000)

  it('lets operators send a test message through the real path, not viewers', async () => {
    const asViewer = await sendTest(viewer)
    expect(asViewer.status).toBe(403)
    expect(errorOf(asViewer)).toBe('Only operators can send a test alert; your role is viewer')
    const before = receiver.received.length
    const asOperator = await sendTest(operator)
    expect(asOperator.status).toBe(200)
    expect(alertTestResultSchema.parse(JSON.parse(asOperator.body))).toEqual({
      isSent: true,
      error: null,
    })
    expect(
      messages()
        .slice(before)
        .map((message) => message.type),
    ).toEqual(['alert.test'])
  }, 60_000)

  it('shows a broken channel with its answer, in the status and in /metrics', async () => {
    receiver.script.push(500)
    const reply = await sendTest(operator)
    expect(reply.status).toBe(200)
    const result = alertTestResultSchema.parse(JSON.parse(reply.body))
    expect(result.isSent).toBe(false)
    expect(result.error).toMatch(/500/)
    const status = await fleetScan()
    expect(status.alerts?.brokenSince).not.toBeNull()
    expect(status.alerts?.lastError).toMatch(/500/)
    expect(status.alerts?.waiting).toBe(1)
    const metrics = await send(running.proxy.url, '/metrics')
    expect(metrics.body).toMatch(/codat_alerts_total\{outcome="retried"\} 1/)
    // The Fleet screen's list of recent alerts says the same of that message.
    const waiting = await recent()
    expect(waiting.channel).toBe('webhook')
    expect(waiting.items[0]).toMatchObject({ type: 'alert.test', delivery: 'waiting', attempts: 1 })
    expect(waiting.items[0]?.lastError).toMatch(/500/)
    // Older messages follow, each as it went: the change told earlier was sent.
    expect(waiting.items).toContainEqual(
      expect.objectContaining({ type: 'alert.change', delivery: 'sent', lastError: null }),
    )
    // The retry goes through: the channel is well again.
    // (The retry is due 5 s on, and each process looks at the outbox every 15 s.)
    await until(async () => (await fleetScan()).alerts?.brokenSince === null, 45_000)
    expect((await recent()).items[0]).toMatchObject({ type: 'alert.test', delivery: 'sent' })
  }, 90_000)
})

describe('Codat failing the scanner', () => {
  const webhook = (id: string, eventType: string, payload: Record<string, unknown>) =>
    running.fleet.receiveWebhook({
      id,
      eventType,
      event: { eventType, generatedDate: new Date().toISOString(), payload },
      receivedAt: new Date().toISOString(),
    })
  const codatMessages = () =>
    messages().filter((message) => message.type.startsWith('alert.codat-'))

  it('is told once when the daily quota stops the scanner for long, and again when it is back', async () => {
    const expiry = new Date(Date.now() + 3_600_000).toISOString()
    expect(
      await webhook('msg_alerts_quota', 'client.rateLimit.reached', { expiryDate: expiry }),
    ).toBe('processed')
    await until(() => codatMessages().length > 0)
    expect(await webhook('msg_alerts_quota_reset', 'client.rateLimit.reset', {})).toBe('processed')
    await until(() => codatMessages().length > 1)
    await settled()
    const told = codatMessages()
    expect(told.map((message) => message.type)).toEqual(['alert.codat-down', 'alert.codat-up'])
    expect(told[0]?.codat?.reason).toMatch(/rate limit/i)
  }, 60_000)
})

describe('a read-only console', () => {
  it('refuses a test alert, even to an operator, as it refuses any write', async () => {
    // The same fleet and channel, behind a proxy started with CONSOLE_READ_ONLY=1.
    const readOnly = await startProxyServer(
      {
        CODAT_API_KEY: 'test-key',
        CODAT_BASE_URL: sim.url,
        CONSOLE_USERS: users,
        CONSOLE_READ_ONLY: '1',
      },
      { routes: [createAlertTestRoute(Promise.resolve(running.fleet))] },
    )
    try {
      const before = receiver.received.length
      const reply = await send(readOnly.url, '/api/fleet/alerts/test', {
        method: 'POST',
        headers: { authorization: operator },
      })
      expect(reply.status).toBe(403)
      expect(errorOf(reply)).toBe(
        'This console is read-only (CONSOLE_READ_ONLY): nobody can send a test alert',
      )
      expect(receiver.received.length).toBe(before)
    } finally {
      await readOnly.close()
    }
  })
})
