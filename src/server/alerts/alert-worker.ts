// Sends the outbox: claims one due message at a time, paces Slack, retries with bounded back-off, logs every failure.
import { randomUUID } from 'node:crypto'
import type { AlertOutcome } from '../metrics/console-metrics.ts'
import type { Database } from '../store/database.ts'
import { deliverAlert } from './alert-delivery.ts'
import { testMessage } from '../../lib/alert-message.ts'
import {
  addAlerts,
  alertOutcome,
  claimAlerts,
  markFailed,
  markSent,
  newAlertId,
  readChannelHealth,
  releaseClaims,
  takeSendTurn,
  type ChannelHealth,
} from './alert-outbox.ts'
import type { AlertChannel } from '../config/alert-settings.ts'

export interface RetryPolicy {
  firstMs: number
  maxMs: number
  /** Tries before a message is given up. */
  maxAttempts: number
}

export interface AlertWorkerOptions {
  db: Database
  channel: AlertChannel
  publicUrl: URL
  log?: (line: string) => void
  countAlert?: (outcome: AlertOutcome) => void
  /** How often the outbox is looked at when nothing woke the worker. */
  pollMs?: number
  /** How long a claim holds: well over `timeoutMs`, so a live sender is never overtaken. */
  leaseMs?: number
  timeoutMs?: number
  retry?: RetryPolicy
  /** The least time between two sends, across processes; Slack's about one a second. */
  paceMs?: number
}

export interface AlertWorker {
  start(): void
  /** Sends everything due now; resolves with how many were sent (tests, "send now"). */
  drain(): Promise<number>
  /** A test message through the outbox and the real sending path; the first try's outcome. */
  sendTestAlert(waitMs?: number): Promise<{ isSent: boolean; error: string | null }>
  channelHealth(): Promise<ChannelHealth>
  stop(): Promise<void>
}

/** 5 s, 10 s, 20 s … up to 15 minutes: about 2 hours over 12 tries, then given up. */
export const DEFAULT_RETRY: RetryPolicy = { firstMs: 5000, maxMs: 15 * 60_000, maxAttempts: 12 }
const SLACK_PACE_MS = 1100

export function retryDelay(policy: RetryPolicy, attempts: number, askedMs?: number): number | null {
  if (attempts >= policy.maxAttempts) return null
  const backOff = policy.firstMs * 2 ** Math.max(0, attempts - 1)
  return Math.min(Math.max(backOff, askedMs ?? 0), policy.maxMs)
}

export function createAlertWorker(options: AlertWorkerOptions): AlertWorker {
  const { db, channel } = options
  const worker = `${process.pid}-${randomUUID()}`
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const report = (event: string, fields: Record<string, unknown>) =>
    log(JSON.stringify({ type: 'alerts', event, time: new Date().toISOString(), ...fields }))
  const pollMs = options.pollMs ?? 2000
  const timeoutMs = options.timeoutMs ?? 10_000
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3)
  const retry = options.retry ?? DEFAULT_RETRY
  const paceMs = options.paceMs ?? (channel.kind === 'slack' ? SLACK_PACE_MS : 0)
  let timer: NodeJS.Timeout | undefined
  let draining: Promise<number> | undefined
  let isStopping = false

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  async function waitForTurn(): Promise<boolean> {
    if (paceMs <= 0) return true
    while (!isStopping) {
      if (await takeSendTurn(db, paceMs)) return true
      await sleep(Math.min(250, paceMs))
    }
    return false
  }

  async function sendOne(): Promise<'sent' | 'failed' | 'none'> {
    const [claimed] = await claimAlerts(db, worker, 1, leaseMs)
    if (!claimed) return 'none'
    // Stopping while waiting for a turn: stop() gives the claim back.
    if (!(await waitForTurn())) return 'none'
    const result = await deliverAlert(channel, claimed.message, { timeoutMs })
    if (result.isDelivered) {
      const isOurs = await markSent(db, worker, claimed.id)
      if (!isOurs) report('alert-claim-lost', { id: claimed.id })
      options.countAlert?.('sent')
      return 'sent'
    }
    const retryInMs = result.isPermanent
      ? null
      : retryDelay(retry, claimed.attempts, result.retryAfterMs)
    await markFailed(db, worker, claimed.id, result.error, retryInMs)
    options.countAlert?.(retryInMs === null ? 'given_up' : 'retried')
    report(retryInMs === null ? 'alert-given-up' : 'alert-send-failed', {
      id: claimed.id,
      alertType: claimed.message.type,
      attempt: claimed.attempts,
      error: result.error,
      ...(retryInMs !== null && { retryInMs }),
    })
    return 'failed'
  }

  async function drainAll(): Promise<number> {
    let sent = 0
    while (!isStopping) {
      const outcome = await sendOne()
      if (outcome === 'none') break
      if (outcome === 'sent') sent += 1
    }
    return sent
  }

  // One drain at a time in this process; a second call waits for it and then looks again.
  const drain = (): Promise<number> => {
    const previous = draining ?? Promise.resolve(0)
    const next = previous.catch(() => 0).then(drainAll)
    draining = next
    return next
  }

  const schedule = () => {
    if (isStopping) return
    timer = setTimeout(() => {
      drain()
        .catch((error: unknown) => report('alert-outbox-failed', { error: messageOf(error) }))
        .finally(schedule)
        .catch(() => undefined)
    }, pollMs)
  }

  return {
    start: schedule,
    drain,
    async sendTestAlert(waitMs = timeoutMs + 5000) {
      const message = testMessage(newAlertId(), new Date().toISOString(), options.publicUrl)
      await addAlerts(db, [message])
      drain().catch((error: unknown) => report('alert-outbox-failed', { error: messageOf(error) }))
      const until = Date.now() + waitMs
      for (;;) {
        const outcome = await alertOutcome(db, message.id)
        if (outcome?.isSent) return { isSent: true, error: null }
        if (outcome && outcome.attempts > 0 && outcome.lastError)
          return { isSent: false, error: outcome.lastError }
        if (Date.now() >= until) return { isSent: false, error: `not sent within ${waitMs} ms` }
        await sleep(100)
      }
    },
    channelHealth: () => readChannelHealth(db),
    async stop() {
      isStopping = true
      clearTimeout(timer)
      // A send in flight ends within its timeout; what was claimed and not sent goes back.
      await draining?.catch(() => undefined)
      await releaseClaims(db, worker).catch((error: unknown) =>
        report('alert-release-failed', { error: messageOf(error) }),
      )
    },
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
