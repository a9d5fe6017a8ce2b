// Test-only: alert delivery from the outbox to local receivers, on the embedded database and on PostgreSQL.
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../store/database.ts'
import { migrate } from '../store/migrate.ts'
import { testMessage, type AlertMessage } from '../../lib/alert-message.ts'
import {
  addAlerts,
  claimAlerts,
  loadAlertState,
  newAlertId,
  saveAlertStep,
} from '../alerts/alert-outbox.ts'
import type { AlertChannel } from '../config/alert-settings.ts'
import type { AlertOutcome } from '../metrics/console-metrics.ts'
import { typeChangesOf } from '../../lib/alert-changes.ts'
import { createAlertTracker } from '../alerts/alert-tracker.ts'
import { createAlertWorker, type AlertWorkerOptions } from '../alerts/alert-worker.ts'
import type { CompanyRecord } from '../../lib/fleet-row.ts'
import type { DataTypeHealth } from '../../lib/health.ts'
import { startReceiver, type AlertReceiver } from './alert-receiver.ts'
import { company } from './fleet-store-contract.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const PUBLIC = new URL('https://console.example.com/')

const message = (title: string): AlertMessage => ({
  ...testMessage(newAlertId(), new Date().toISOString(), PUBLIC),
  title,
})

export function describeAlertDelivery(
  label: string,
  open: () => Promise<Database>,
  /** A second process's connection to the same store (the embedded store has one process). */
  openSecond?: () => Promise<Database>,
): void {
  describe(`alert delivery on ${label}`, () => {
    let db: Database
    let receiver: AlertReceiver
    const stops: (() => Promise<void>)[] = []
    const logs: string[] = []
    const outcomes: AlertOutcome[] = []
    const worker = (channel: AlertChannel, options: Partial<AlertWorkerOptions> = {}) => {
      const made = createAlertWorker({
        db,
        channel,
        publicUrl: PUBLIC,
        log: (line) => logs.push(line),
        countAlert: (outcome) => outcomes.push(outcome),
        // Room for a busy machine: a send that times out after the receiver took it comes twice.
        timeoutMs: 2000,
        leaseMs: 6000,
        retry: { firstMs: 20, maxMs: 100, maxAttempts: 4 },
        paceMs: 0,
        ...options,
      })
      stops.push(() => made.stop())
      return made
    }
    const webhook = (): AlertChannel => ({ kind: 'webhook', url: receiver.url, secret: SECRET })
    const drainUntil = async (work: ReturnType<typeof worker>, done: () => boolean) => {
      for (let i = 0; i < 100 && !done(); i += 1) {
        await work.drain()
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    }

    beforeAll(async () => {
      db = await open()
      await migrate(db)
    }, 90_000)
    afterAll(() => db.close())
    beforeEach(async () => {
      receiver = await startReceiver()
      logs.length = 0
      outcomes.length = 0
      await db.query('TRUNCATE alert_outbox, alert_state, alert_channel')
    })
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop()
      await receiver.close()
    })

    it('posts Block Kit to Slack, about one message per pace, oldest first', async () => {
      const messages = ['first', 'second', 'third', 'fourth'].map(message)
      await addAlerts(db, messages)
      await worker({ kind: 'slack', url: receiver.url }, { paceMs: 800 }).drain()
      const bodies = receiver.received.map(
        (r) => JSON.parse(r.body) as { text: string; blocks: { type: string }[] },
      )
      expect(bodies.map((body) => body.text)).toEqual(['first', 'second', 'third', 'fourth'])
      expect(bodies[0]?.blocks.map((block) => block.type)).toEqual(['header', 'section', 'actions'])
      // Two paces from the second to the fourth (the first also pays for a cold start).
      const [, b, , d] = receiver.received.map((r) => r.at)
      expect((d ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(1300)
      expect(receiver.received[0]?.headers['webhook-signature']).toBeUndefined()
    })

    it('signs generic JSON with Standard Webhooks, verifiable with the library', async () => {
      const sent = message('signed')
      await addAlerts(db, [sent])
      await worker(webhook()).drain()
      const [request] = receiver.received
      const headers = request?.headers as Record<string, string>
      expect(headers['webhook-id']).toBe(sent.id)
      expect(new Webhook(SECRET).verify(request?.body ?? '', headers)).toEqual(sent)
      expect(() =>
        new Webhook('whsec_' + Buffer.from('another secret, 24 bytes!').toString('base64')).verify(
          request?.body ?? '',
          headers,
        ),
      ).toThrow()
    })

    it('retries after a 500 and a timeout with back-off, sends once, and says the channel was broken', async () => {
      receiver.script.push(500, 'hang')
      const sent = message('retried')
      await addAlerts(db, [sent])
      const work = worker(webhook(), { retry: { firstMs: 500, maxMs: 1000, maxAttempts: 4 } })
      await work.drain()
      const broken = await work.channelHealth()
      expect(broken.brokenSince).not.toBeNull()
      expect(broken.lastError).toBe(`${receiver.url.host} answered 500: busy`)
      await drainUntil(work, () => receiver.delivered().length > 0)
      expect(receiver.received.map((r) => r.answer)).toEqual([500, 'hang', 200])
      expect(receiver.delivered()).toEqual([sent.id])
      expect(outcomes).toEqual(['retried', 'retried', 'sent'])
      const failures = logs.map((line) => JSON.parse(line) as { event: string; error: string })
      expect(failures.map((f) => f.event)).toEqual(['alert-send-failed', 'alert-send-failed'])
      expect(failures[1]?.error).toBe('no answer within 2000 ms')
      const mended = await work.channelHealth()
      expect(mended.brokenSince).toBeNull()
      expect(mended.lastSentAt).not.toBeNull()
    })

    it('gives up at once on a refusal no retry can mend, and after the last try otherwise', async () => {
      receiver.script.push(404, 503, 503, 503, 503)
      await addAlerts(db, [message('gone')])
      const work = worker(webhook())
      await work.drain()
      await addAlerts(db, [message('busy')])
      await drainUntil(work, () => receiver.received.length >= 5)
      await work.drain()
      expect(receiver.received.map((r) => r.answer)).toEqual([404, 503, 503, 503, 503])
      expect(outcomes).toEqual(['given_up', 'retried', 'retried', 'retried', 'given_up'])
      const health = await work.channelHealth()
      expect(health.brokenSince).not.toBeNull()
      expect(health.lastError).toContain('answered 503')
    })

    it('after a restart mid-send, a new worker sends what was left, each message once', async () => {
      const messages = ['one', 'two', 'three'].map(message)
      await addAlerts(db, messages)
      receiver.script.push(200, 'hang')
      const before = worker(webhook())
      const draining = before.drain()
      await expect.poll(() => receiver.received.length).toBe(2)
      await before.stop()
      await draining
      // And a process that died holding a claim: its lease runs out, then the message is sent.
      const orphan = message('orphan')
      await addAlerts(db, [orphan])
      await claimAlerts(db, 'a-process-that-died', 1, 1000)
      const after = worker(webhook())
      await drainUntil(after, () => receiver.delivered().length >= 4)
      expect(receiver.delivered().sort()).toEqual([...messages.map((m) => m.id), orphan.id].sort())
    })

    it('two workers on one store send each message once', async () => {
      const messages = Array.from({ length: 24 }, (_, i) => message(`m${i}`))
      await addAlerts(db, messages)
      const second = openSecond ? await openSecond() : db
      try {
        const a = worker(webhook())
        const b = worker(webhook(), { db: second })
        await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()])
        expect(receiver.delivered().sort()).toEqual(messages.map((m) => m.id).sort())
        expect(receiver.received).toHaveLength(24)
      } finally {
        for (const stop of stops.splice(0)) await stop()
        if (second !== db) await second.close()
      }
    })

    it('sends a test alert through the real path and says how it went', async () => {
      const work = worker(webhook())
      expect(await work.sendTestAlert()).toEqual({ isSent: true, error: null })
      expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({ type: 'alert.test' })
      receiver.script.push(404)
      expect(await work.sendTestAlert()).toEqual({
        isSent: false,
        error: `${receiver.url.host} answered 404: no_service`,
      })
    })

    it('keeps the rules’ state and their messages together', async () => {
      const state = { ...(await loadAlertState(db)), isBaselined: true }
      const messages = await saveAlertStep(
        db,
        {
          state,
          notices: [
            {
              kind: 'codat-down',
              at: '2026-12-06T10:00:00.000Z',
              since: '2026-12-06T09:55:00.000Z',
              reason: 'Codat answered 503',
            },
          ],
        },
        PUBLIC,
      )
      expect(await loadAlertState(db)).toEqual(state)
      await worker(webhook()).drain()
      expect(receiver.delivered()).toEqual(messages.map((m) => m.id))
      expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({
        type: 'alert.codat-down',
      })
    })

    it('takes the scanner’s changes through the rules into the outbox, and keeps them while the store is away', async () => {
      const id = '8a2f3c1e-0000-4000-8000-000000000001'
      const record = (status: string, health: DataTypeHealth): CompanyRecord => {
        const base = company(id, { name: 'Alder & Ash' })
        const [type] = base.dataTypes
        return { ...base, dataTypes: type ? [{ ...type, status, health }] : [] }
      }
      const change = (health: string, previousHealth: string | null) => ({
        companyId: id,
        dataType: 'invoices',
        health,
        previousHealth,
        changedAt: '2026-12-06T09:00:00.000Z',
      })
      let isAway = false
      const flaky: Database = {
        ...db,
        transaction: (work) =>
          isAway ? Promise.reject(new Error('store unavailable')) : db.transaction(work),
      }
      const tracker = createAlertTracker({
        db: flaky,
        rules: { holdMs: 0, digestThreshold: 10 },
        publicUrl: PUBLIC,
      })
      const now = Date.parse('2026-12-06T09:00:00.000Z')
      const options = { nowMs: now, staleHours: 24 }
      tracker.changesWritten(
        typeChangesOf(record('Complete', 'healthy'), [change('healthy', null)], options),
      )
      tracker.fullScanCompleted(1)
      expect(await tracker.step(now)).toEqual([])
      const failing = record('FetchError', 'failing')
      tracker.changesWritten(typeChangesOf(failing, [change('failing', 'healthy')], options))
      isAway = true
      await expect(tracker.step(now + 1000)).rejects.toThrow('store unavailable')
      isAway = false
      const [told, ...rest] = await tracker.step(now + 2000)
      expect(rest).toEqual([])
      expect(told).toMatchObject({
        type: 'alert.change',
        title: 'Alder & Ash: invoices is failing',
        status: 'FetchError',
        diagnosis: 'The latest pull failed with FetchError.',
      })
      await worker(webhook()).drain()
      expect(receiver.delivered()).toEqual([told?.id])
    })
  })
}
