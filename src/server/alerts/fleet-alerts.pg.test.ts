// @vitest-environment node
// Alerts with two console processes on one PostgreSQL: a webhook the other process took is told once, by the scanning one.
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { SEED } from '../../mocks/seed.ts'
import type { FleetService } from '../fleet/fleet-service.ts'
import { openDatabase, type Database } from '../store/database.ts'
import {
  startReceiver,
  startReceiverAlerts,
  type AlertReceiver,
} from '../testing/alert-receiver.ts'
import { pullToTheEnd, worldWhereNextPullsFail } from '../testing/test-fleet.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'
import {
  readCompletedDelivery,
  startTestFleetService,
  until,
} from '../testing/test-fleet-service.ts'
import { deriveCompanyRecord, type CompanyReading } from '../../lib/fleet-row.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const TURNS_FAILING = 'invoices'

let sim: SimServer
let admin: Database
let receiver: AlertReceiver
const running: FleetService[] = []

const messages = (): AlertMessage[] =>
  receiver.received.map((request) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    )
    return new Webhook(SECRET).verify(request.body, headers) as AlertMessage
  })

async function startProcess(): Promise<FleetService> {
  const service = await startTestFleetService(sim.url, {
    alerts: {
      channel: { kind: 'webhook', url: receiver.url, secret: SECRET },
      holdMs: 0,
      digestThreshold: 10,
      publicUrl: new URL('https://console.example.com/'),
    },
    alertTiming: { stepMs: 500, worker: { pollMs: 500, paceMs: 0 } },
  })
  running.push(service)
  return service
}

beforeAll(async () => {
  // The seeded world, but the bakery's invoices fail from the next pull on.
  const world = worldWhereNextPullsFail(SEED.healthy.id, { [TURNS_FAILING]: 'FetchError' })
  sim = await startSimServer({ port: 0, world })
  receiver = await startReceiver()
  admin = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await resetTestDatabase(admin)
}, 60_000)
afterAll(async () => {
  for (const service of running.splice(0)) await service.close().catch(() => undefined)
  await receiver.close()
  await admin.close()
  await sim.close()
})

describe('alerts on PostgreSQL with two console processes', () => {
  it('tells once, from the scanning process, a change a webhook wrote in the other', async () => {
    const leader = await startProcess()
    const other = await startProcess()
    expect([leader.isLeader(), other.isLeader()]).toEqual([true, false])
    await until(async () => (await leader.scanBlock()).lastCompletedAt !== null, 60_000)
    await until(() => messages().some((message) => message.type === 'alert.baseline'))
    pullToTheEnd(sim.world, SEED.healthy.id, TURNS_FAILING)
    // Codat tells the process that does not scan how the read ended.
    const outcome = await other.receiveWebhook(
      readCompletedDelivery('msg_read_completed_1', SEED.healthy, [
        { dataType: TURNS_FAILING, status: 'FetchError' },
      ]),
    )
    expect(outcome).toBe('processed')
    const about = () => messages().filter((message) => message.company?.id === SEED.healthy.id)
    await until(() => about().length > 0, 20_000)
    // Both processes send; the outbox's claims let the message go once, and nothing follows it.
    await until(async () => (await other.alertStatus()).waiting === 0)
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(about()).toHaveLength(1)
    expect(about()[0]).toMatchObject({
      type: 'alert.change',
      dataType: TURNS_FAILING,
      health: 'failing',
      previousHealth: 'healthy',
    })
  }, 120_000)

  it('queues nothing from a process that lost the scanner lock without noticing', async () => {
    const KEY = 7361099
    const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
    const lines: string[] = []
    const alerts = startReceiverAlerts({
      db,
      url: receiver.url,
      secret: SECRET,
      log: (line) => lines.push(line),
      stepMs: 200,
    })
    try {
      expect(await db.tryHoldLock(KEY)).toBe(true)
      let lost = 0
      const feed = alerts.lead(db.whileHolding(KEY, () => (lost += 1)))
      // A company read healthy, then failing: one change the rules would tell at once.
      const reading = (status: string, latestSyncId: string): CompanyReading => ({
        id: 'c4a1e1a4-0000-4000-8000-000000000001',
        name: 'Fenced Ltd',
        connections: [
          {
            id: 'x',
            platformName: 'Xero',
            sourceType: 'Accounting',
            status: 'Linked',
            lastSync: null,
          },
        ],
        dataTypes: [{ dataType: 'invoices', status, lastSuccessfulSync: null, latestSyncId }],
      })
      const options = { readAt: new Date().toISOString(), staleHours: 24 }
      const first = deriveCompanyRecord(undefined, reading('Complete', 's1'), options).record
      const next = deriveCompanyRecord(first, reading('FetchError', 's2'), options)

      // Another process ends this one's lock session (a failover) and scans now.
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted`,
        [KEY],
      )
      await until(() => lost === 1, 10_000)
      const queuedBefore = await admin.query('SELECT id FROM alert_outbox')
      feed.written([next.record], next.changes)
      await until(() => lines.some((line) => line.includes('"alert-step-failed"')), 10_000)
      expect(lines.find((line) => line.includes('"alert-step-failed"'))).toMatch(
        /no longer holds lock/,
      )
      expect(await admin.query('SELECT id FROM alert_outbox')).toHaveLength(queuedBefore.length)
    } finally {
      await alerts.stop()
      await db.close()
    }
  }, 60_000)
})
