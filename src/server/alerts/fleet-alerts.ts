// Alerts in a running console: the outbox sender in every process, the rules' tracker in the scanning one, stepped after writes and on a timer.
import type { CompanyRecord, HealthChange } from '../../lib/fleet-row.ts'
import type { AlertSettings } from '../config/alert-settings.ts'
import type { AlertOutcome } from '../metrics/console-metrics.ts'
import type { Database } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { RECENT_ALERTS, type RecentAlerts } from '../../api/fleet-schemas.ts'
import { countWaiting, loadAlertState, readChannelHealth, recentAlerts } from './alert-outbox.ts'
import { untoldTypes, type TypeChange } from '../../lib/alert-rules.ts'
import { typeChangesOf } from '../../lib/alert-changes.ts'
import { createAlertTracker, type AlertTracker } from './alert-tracker.ts'
import { createAlertWorker, type AlertWorker, type AlertWorkerOptions } from './alert-worker.ts'

/** The alert channel as the Fleet screen shows it. */
export interface AlertChannelStatus {
  configured: boolean
  lastSentAt: string | null
  /** Set while the last try failed, cleared by the next message sent. */
  brokenSince: string | null
  lastError: string | null
  lastErrorAt: string | null
  /** Messages not sent yet and not given up. */
  waiting: number
}

/** What the scanner (and a webhook applied here) tells the alerts; all cheap, none throws. */
export interface AlertFeed {
  observeUpstream: (sample: { status: number | 'error' }) => void
  notePause: (pause: { until: number; reason: string } | null) => void
  written: (records: readonly CompanyRecord[], changes: readonly HealthChange[]) => void
  fullScanCompleted: (companies: number) => void
  /** Takes the changes webhooks wrote in other processes (see FleetAlerts.handOver). */
  takeHandedOver: () => Promise<void>
}

export interface FleetAlerts {
  /**
   * The feed of this leadership term; its changes are told once the tracker steps. `leaderDb`
   * refuses every query once the scanner lock is gone, so a process that lost it without
   * noticing steps no more: it can neither queue a message the new leader also queues nor take
   * changes handed over to the new leader.
   */
  lead(leaderDb: Database): AlertFeed
  /** This process stopped scanning: what the next leader reads is in the store. */
  stopLeading(): Promise<void>
  /**
   * A webhook applied in a process that does not scan: its changes go into the store with its
   * transaction, for the scanning process to take when it hears of the re-read it also asked for.
   */
  handOver(
    store: { setState(key: string, value: unknown): Promise<void> },
    deliveryId: string,
    records: readonly CompanyRecord[],
    changes: readonly HealthChange[],
  ): Promise<void>
  /** Null when no channel is configured. */
  sendTest(): Promise<{ isSent: boolean; error: string | null } | null>
  status(): Promise<AlertChannelStatus>
  /** The latest messages and how each went, for the Fleet screen. */
  recent(): Promise<RecentAlerts>
  stop(): Promise<void>
}

export interface FleetAlertsOptions {
  db: Database
  settings: AlertSettings
  staleHours: number
  log: (line: string) => void
  countAlert?: (outcome: AlertOutcome) => void
  /** How often the rules step without a write to wake them (holds end, Codat stays away). */
  stepMs?: number
  /** The sender's own options (tests shorten the retries and the pace). */
  worker?: Partial<AlertWorkerOptions>
}

const STEP_MS = 3000
/**
 * How often each process looks at the outbox unwoken: the scanning process sends what it queued
 * at once, so this finds retries and another process's leftovers, for one claim every 15 s.
 */
const WORKER_POLL_MS = 15_000
/** fleet_state keys of changes a webhook wrote in a process that does not scan, for the one that does. */
const HANDED_PREFIX = 'alert-changes:'
const NO_FEED: AlertFeed = {
  observeUpstream: () => undefined,
  notePause: () => undefined,
  written: () => undefined,
  fullScanCompleted: () => undefined,
  takeHandedOver: () => Promise.resolve(),
}

/** Companies read back at once when a new term finds what was written and never told. */
const RECONCILE_BATCH = 500
const RECONCILE_RETRY_MS = 5000

/** Our own writes, read back as any input is: the fields the rules key on must be there. */
function isTypeChange(value: unknown): value is TypeChange {
  if (typeof value !== 'object' || value === null) return false
  const change = value as Record<string, unknown>
  return ['companyId', 'companyName', 'dataType', 'health'].every(
    (key) => typeof change[key] === 'string',
  )
}

export function startFleetAlerts(options: FleetAlertsOptions): FleetAlerts {
  const { db, settings, log } = options
  const report = (event: string, fields: Record<string, unknown> = {}) =>
    log(JSON.stringify({ type: 'alerts', event, time: new Date().toISOString(), ...fields }))
  const { channel, publicUrl } = settings
  if (!channel || !publicUrl) {
    report('alerts-off', { reason: 'ALERT_WEBHOOK_URL is not set: no alert is queued or sent' })
    return {
      lead: () => NO_FEED,
      stopLeading: () => Promise.resolve(),
      handOver: () => Promise.resolve(),
      sendTest: () => Promise.resolve(null),
      status: async () => ({ configured: false, waiting: 0, ...(await readChannelHealth(db)) }),
      recent: () => Promise.resolve({ channel: null, items: [] }),
      stop: () => Promise.resolve(),
    }
  }
  // Every process sends: the outbox's claims make each message go once, a message the scanning
  // process queued still goes while another takes over, and a test message is sent by the
  // process that was asked.
  const worker: AlertWorker = createAlertWorker({
    db,
    channel,
    publicUrl,
    log,
    pollMs: WORKER_POLL_MS,
    ...(options.countAlert && { countAlert: options.countAlert }),
    ...options.worker,
  })
  worker.start()
  report('alerts-on', {
    channel: channel.kind,
    url: channel.url.origin,
    holdMs: settings.holdMs,
    digestThreshold: settings.digestThreshold,
  })
  const stepMs = options.stepMs ?? STEP_MS
  let term: AlertTracker | undefined
  let timer: NodeJS.Timeout | undefined
  let reconcileTimer: NodeJS.Timeout | undefined
  let stepping: Promise<void> | undefined
  let isStepAsked = false
  let isStopped = false

  /** One step at a time; asked for while one runs, one more follows it. */
  const stepSoon = () => {
    if (stepping) {
      isStepAsked = true
      return
    }
    const current = term
    if (!current || isStopped) return
    clearTimeout(timer)
    stepping = step(current)
      .catch((error: unknown) => report('alert-step-failed', { error: messageOf(error) }))
      .finally(() => {
        stepping = undefined
        if (isStepAsked) {
          isStepAsked = false
          stepSoon()
        } else if (term && !isStopped) timer = setTimeout(stepSoon, stepMs)
      })
  }

  const typeChangesIn = (records: readonly CompanyRecord[], changes: readonly HealthChange[]) => {
    const nowMs = Date.now()
    return records.flatMap((record) =>
      typeChangesOf(record, changes, { nowMs, staleHours: options.staleHours }),
    )
  }

  const step = async (tracker: AlertTracker) => {
    const messages = await tracker.step()
    if (messages.length === 0) return
    report('alerts-queued', { messages: messages.map((message) => message.type) })
    // Sent at once, without holding up the next step (a slow channel takes up to its timeout).
    worker
      .drain()
      .catch((error: unknown) => report('alert-outbox-failed', { error: messageOf(error) }))
  }

  /**
   * At the start of a term, the stored healths the rules do not know of are fed to them as
   * changes, so a write whose process stopped before its rules stepped is still told (or, a
   * recovery, ends what was pending). Already told or pending healths are left as they are.
   */
  const reconcile = async (leaderDb: Database, tracker: AlertTracker) => {
    const state = await loadAlertState(leaderDb)
    const stored = await leaderDb.query<{ companyId: string; dataType: string; health: string }>(
      'SELECT company_id AS "companyId", data_type AS "dataType", health FROM fleet_data_types',
    )
    const untold = untoldTypes(state, stored)
    if (untold.length === 0) return
    const store = createFleetStore(leaderDb)
    const changedAt = new Date().toISOString()
    const ids = [...new Set(untold.map((type) => type.companyId))]
    for (let start = 0; start < ids.length; start += RECONCILE_BATCH) {
      const batch = new Set(ids.slice(start, start + RECONCILE_BATCH))
      const records = await store.loadCompanies([...batch])
      const changes = untold
        .filter((type) => batch.has(type.companyId))
        .map((type) => ({ ...type, changedAt }))
      tracker.changesWritten(typeChangesIn([...records.values()], changes))
    }
    report('alerts-reconciled', { types: untold.length, companies: ids.length })
    stepSoon()
  }

  return {
    lead(leaderDb) {
      const tracker = createAlertTracker({
        db: leaderDb,
        rules: { holdMs: settings.holdMs, digestThreshold: settings.digestThreshold },
        publicUrl,
      })
      term = tracker
      const feed: AlertFeed = {
        observeUpstream: (sample) => tracker.observeUpstream(sample),
        // A pause that ran out is read as over without a word from the gate.
        notePause: (pause) => tracker.notePause(pause),
        written: (records, changes) => {
          if (changes.length === 0) return
          // The writes are kept whatever happens here: a change that cannot be read is logged.
          try {
            const typeChanges = typeChangesIn(records, changes)
            if (typeChanges.length === 0) return
            tracker.changesWritten(typeChanges)
            stepSoon()
          } catch (error) {
            report('alert-changes-unread', { error: messageOf(error) })
          }
        },
        fullScanCompleted: (companies) => {
          tracker.fullScanCompleted(companies)
          stepSoon()
        },
        takeHandedOver: async () => {
          const rows = await leaderDb.query<{ value: unknown }>(
            'DELETE FROM fleet_state WHERE key LIKE $1 RETURNING value',
            [`${HANDED_PREFIX}%`],
          )
          const handed = rows.flatMap((row) =>
            Array.isArray(row.value) ? row.value.filter(isTypeChange) : [],
          )
          if (handed.length === 0) return
          tracker.changesWritten(handed)
          stepSoon()
        },
      }
      stepSoon()
      // Tried again while this term lasts: a store that is away now may be back in a moment.
      const reconcileUntilDone = () => {
        reconcile(leaderDb, tracker).catch((error: unknown) => {
          report('alert-reconcile-failed', { error: messageOf(error) })
          if (term === tracker && !isStopped)
            reconcileTimer = setTimeout(reconcileUntilDone, RECONCILE_RETRY_MS)
        })
      }
      reconcileUntilDone()
      return feed
    },
    async stopLeading() {
      term = undefined
      clearTimeout(timer)
      clearTimeout(reconcileTimer)
      await stepping
    },
    async handOver(store, deliveryId, records, changes) {
      const typeChanges = typeChangesIn(records, changes)
      if (typeChanges.length > 0) await store.setState(`${HANDED_PREFIX}${deliveryId}`, typeChanges)
    },
    async sendTest() {
      return worker.sendTestAlert()
    },
    async status() {
      const [health, waiting] = await Promise.all([readChannelHealth(db), countWaiting(db)])
      return { configured: true, waiting, ...health }
    },
    async recent() {
      return { channel: channel.kind, items: await recentAlerts(db, RECENT_ALERTS) }
    },
    async stop() {
      isStopped = true
      term = undefined
      clearTimeout(timer)
      clearTimeout(reconcileTimer)
      await stepping
      await worker.stop()
    },
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
