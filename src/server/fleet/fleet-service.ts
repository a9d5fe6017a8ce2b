// The fleet in one running service: the store, and (in exactly one process) the scanner, plus what the routes ask of it.
import { z } from 'zod'
import {
  fleetWebhooksSchema,
  scannerStatusSchema,
  type FleetScan,
  type RecentAlerts,
  type ScannerStatus,
  type WebhookRefusalReason,
} from '../../api/fleet-schemas.ts'
import type { WebhookEnvelope } from '../../api/webhook-schemas.ts'
import type { AlertSettings } from '../config/alert-settings.ts'
import type { FleetConfig } from '../config/settings.ts'
import {
  startFleetAlerts,
  type AlertChannelStatus,
  type AlertFeed,
  type FleetAlertsOptions,
} from '../alerts/fleet-alerts.ts'
import type { ConsoleMetrics } from '../metrics/console-metrics.ts'
import { openDatabase, type Database } from '../store/database.ts'
import type { ResolvedFleetQuery } from '../../api/fleet-schemas.ts'
import type { FleetAnswer } from '../store/fleet-query.ts'
import {
  createFleetStore,
  type FleetSignal,
  type FleetStore,
  type FleetWrites,
} from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { createCodatReader } from './codat-reader.ts'
import { createScanner, type Scanner } from './fleet-scanner.ts'
import type { CompanyRecord, HealthChange } from '../../lib/fleet-row.ts'
import { followSignals } from './fleet-signals.ts'
import { createStatusPublisher } from './status-publisher.ts'
import { applyWebhookEvent, type WebhookOutcome } from '../webhooks/fleet-webhooks.ts'
import { createRateGate } from './rate-gate.ts'
import { createRefusalTally } from '../webhooks/webhook-refusal-tally.ts'
import { createBulkSender, type BulkSender } from '../bulk/bulk-sender.ts'
import { createBulkService, QUOTA_KEY, type BulkService } from '../bulk/bulk-service.ts'
import { createBulkStore } from '../bulk/bulk-store.ts'

/** What a "scan now" did: asked for a new scan, or found one running or asked for moments ago. */
export interface ScanRequestAnswer {
  isNew: boolean
  requestedAt: string | null
}

/** A delivery whose signature checked out. */
export interface WebhookDelivery {
  /** Its webhook-id: Codat's retries of one delivery share it. */
  id: string
  /** For the record and the metrics; 'unreadable' when the body is not an event. */
  eventType: string
  /** Undefined when the body is not an event envelope: recorded, and otherwise ignored. */
  event: WebhookEnvelope | undefined
  receivedAt: string
}

export interface FleetService {
  /** One page of the fleet, with the summary over all of it. */
  fleetPage(query: ResolvedFleetQuery): Promise<FleetAnswer>
  isScanning(): boolean
  /** True in the one process that holds the scanner lock. */
  isLeader(): boolean
  scanBlock(): Promise<FleetScan>
  requestScan(): Promise<ScanRequestAnswer>
  /** A refresh through the console: read the company again, and while it runs, every 2 minutes. */
  companyRefreshed(companyId: string): void
  /** Webhook signals, shared through the store so the scanning process acts on them. */
  rereadSoon(companies: readonly { id: string; name?: string | undefined }[]): Promise<void>
  pauseForRateLimit(until: number, reason: string): Promise<void>
  resumeAfterRateLimit(): Promise<void>
  /**
   * Records the delivery and applies what it asks (store writes, re-reads, a pause) in one
   * transaction: when it throws, nothing of it is kept, so Codat's retry is processed afresh.
   */
  receiveWebhook(delivery: WebhookDelivery): Promise<WebhookOutcome | 'duplicate'>
  /** Counts a refused delivery (kept in the store, so every process's refusals are shown). */
  webhookRefused(reason: WebhookRefusalReason): void
  /** A test message through the real sending path; null when no alert channel is configured. */
  sendTestAlert(): Promise<{ isSent: boolean; error: string | null } | null>
  alertStatus(): Promise<AlertChannelStatus>
  recentAlerts(): Promise<RecentAlerts>
  /** Bulk refresh: drafts in any process, sent by the scanning one. */
  bulk: BulkService
  close(): Promise<void>
}

export interface FleetServiceOptions {
  fleet: FleetConfig
  codat: { baseUrl: URL; authHeader: string; timeoutMs: number }
  metrics?: ConsoleMetrics
  log?: (line: string) => void
  /** An already open database (tests); otherwise DATABASE_URL or FLEET_DATA_DIR decides. */
  database?: Database
  /** How often leadership is checked; tests shorten it. */
  leaderCheckMs?: number
  /** Signals are heard as they are announced; this slow check finds any that were missed. */
  fallbackCheckMs?: number
  /** How often counted webhook refusals are written to the store. */
  refusalFlushMs?: number
  /** Where alerts go; left out, none are queued or sent. */
  alerts?: AlertSettings
  /** The alert sender's and stepper's pacing (tests shorten them). */
  alertTiming?: Pick<FleetAlertsOptions, 'stepMs' | 'worker'>
  /** People's own calls to Codat in flight in this process: bulk refresh waits for them. */
  peopleCalling?: () => number
  /** How often the bulk sender looks for work unwoken (tests shorten it). */
  bulkCheckMs?: number
  /** How often companies with a read running are read again (tests shorten it). */
  inProgressEveryMs?: number
}

// Any fixed number; every console process sharing one PostgreSQL uses the same.
const SCANNER_LOCK = 7361002
const PUBLISHED_KEY = 'scan-published'
/** A second "scan now" this soon after one is answered with that one: Codat is read once. */
export const SCAN_COOL_DOWN_MS = 60_000
const PAUSE_KEY = 'rate-limit-pause'
const WEBHOOK_KEY = 'webhook-last-event'
const FALLBACK_CHECK_MS = 30_000
const REREAD_BATCH = 500

/** A pause any process may ask for; `version` tells the scanning process it is new. */
const pauseSignalSchema = z.object({
  until: z.number().nullable(),
  reason: z.string(),
  version: z.number().int(),
})
const lastEventSchema = fleetWebhooksSchema.shape.lastEventAt

const ALERTS_OFF: AlertSettings = {
  channel: null,
  holdMs: 300_000,
  digestThreshold: 10,
  publicUrl: null,
}

const NO_SCANNER_YET: ScannerStatus = {
  state: 'idle',
  lastCompletedAt: null,
  nextScanAt: null,
  progress: null,
  pausedUntil: null,
  pauseReason: null,
}

export async function startFleetService(options: FleetServiceOptions): Promise<FleetService> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const report = (event: string, fields: Record<string, unknown> = {}) =>
    log(JSON.stringify({ type: 'fleet', event, ...fields }))
  const { fleet } = options
  const db =
    options.database ??
    (await openDatabase(
      fleet.databaseUrl ? { databaseUrl: fleet.databaseUrl } : { dataDir: fleet.dataDir },
      { log },
    ))
  await migrate(db)
  const store = createFleetStore(db)
  const alerts = startFleetAlerts({
    db,
    settings: options.alerts ?? ALERTS_OFF,
    staleHours: fleet.staleHours,
    log,
    ...(options.metrics && { countAlert: (outcome) => options.metrics?.countAlert(outcome) }),
    ...options.alertTiming,
  })
  /**
   * The scanner with the store it writes through, which refuses writes once the lock is gone,
   * and what it tells the alerts.
   */
  let leading:
    { scanner: Scanner; store: FleetStore; alerts: AlertFeed; sender: BulkSender } | undefined
  let appliedPause = 0
  let publishedQuotaAt: string | null = null
  let stopping = false
  const timers = new Set<NodeJS.Timeout>()
  const reportError = (error: unknown) => report('error', { message: (error as Error).message })
  // The status the other processes show.
  const publisher = createStatusPublisher({
    source: () => {
      const current = leading
      if (!current || stopping) return undefined
      return {
        status: () => current.scanner.status(),
        async write(status) {
          await current.store.setState(PUBLISHED_KEY, status)
          // Codat's last quota headers, for any process's bulk dry run; written as the scan goes.
          const quota = current.scanner.gate.quota()
          if (quota && quota.seenAt !== publishedQuotaAt) {
            await current.store.setState(QUOTA_KEY, quota)
            publishedQuotaAt = quota.seenAt
          }
        },
      }
    },
    report: reportError,
  })

  const stopLeading = async (event: string) => {
    const current = leading
    if (!current) return
    leading = undefined
    report(event)
    // No new claims; what Codat has now is answered and recorded before the gate goes.
    const senderStopped = current.sender.stop()
    await current.scanner.stop()
    await senderStopped
    await alerts.stopLeading()
  }

  const startScanner = async () => {
    // A leader that finds its lock gone stops at once, not at its next check; until it does,
    // everything it writes (records, alert steps) is refused.
    const leaderDb = db.whileHolding(SCANNER_LOCK, () => {
      if (leading?.scanner === scanner) stopLeading('scanner-lost-lock').catch(reportError)
    })
    const feed = alerts.lead(leaderDb)
    const gate = createRateGate({
      concurrency: fleet.concurrency,
      perMinute: fleet.maxRequestsPerMinute,
      quotaReserve: fleet.quotaReserve,
      onPauseChange: () => {
        publisher.changed()
        feed.notePause(gate.pausedUntil())
      },
    })
    const { metrics } = options
    const reader = createCodatReader({
      ...options.codat,
      gate,
      observe: (sample) => {
        metrics?.observeUpstream(sample)
        feed.observeUpstream(sample)
      },
    })
    const leaderStore = createFleetStore(leaderDb)
    // Set once the scanner started; its first writes may come before.
    const bulkFeed: { sender?: BulkSender } = {}
    const scanner = createScanner({
      store: leaderStore,
      reader,
      gate,
      concurrency: fleet.concurrency,
      intervalMinutes: fleet.scanIntervalMinutes,
      staleHours: fleet.staleHours,
      log,
      onStatusChange: () => publisher.changed(),
      onWritten: (records, changes) => {
        feed.written(records, changes)
        bulkFeed.sender?.written(records)
      },
      onScanCompleted: feed.fullScanCompleted,
      ...(options.inProgressEveryMs !== undefined && {
        inProgressEveryMs: options.inProgressEveryMs,
      }),
    })
    try {
      await scanner.start()
    } catch (error) {
      // Keeping the lock would leave every process without a scanner: let another try.
      await scanner.stop().catch(() => undefined)
      await alerts.stopLeading()
      await db.releaseLock(SCANNER_LOCK)
      throw error
    }
    const settings = options.alerts ?? ALERTS_OFF
    const sender = createBulkSender({
      store: createBulkStore(leaderDb),
      gate,
      codat: options.codat,
      concurrency: fleet.concurrency,
      log: (entry) => log(JSON.stringify(entry)),
      // Through the store: a re-read asked for survives a change of scanning process.
      companyRefreshed: (companyId) => {
        store.queueRereads([{ id: companyId }]).catch(reportError)
      },
      loadCompanies: (ids) => leaderStore.loadCompanies(ids),
      alertsUrl: settings.channel && settings.publicUrl ? settings.publicUrl : null,
      ...(options.peopleCalling && { peopleCalling: options.peopleCalling }),
      ...(options.bulkCheckMs !== undefined && { checkMs: options.bulkCheckMs }),
    })
    bulkFeed.sender = sender
    leading = { scanner, store: leaderStore, alerts: feed, sender }
    publisher.forget()
    report('scanner-started', { store: db.kind })
    await publisher.publish()
    // A "scan now" asked for while no process scanned has waited in the store for this.
    await signals.wake()
  }

  // Leadership: the process holding the advisory lock scans; the others only serve.
  const lead = async () => {
    if (stopping) return
    const held = await db.tryHoldLock(SCANNER_LOCK).catch(() => false)
    if (stopping) return
    if (held && !leading) await startScanner()
    if (!held) await stopLeading('scanner-handed-over')
  }

  // Signals any process may leave in the store, applied by the scanning one.
  const applySignals = async (which: ReadonlySet<FleetSignal>) => {
    const current = leading
    if (!current || stopping) return
    const { scanner } = current
    if (which.has('rereads')) await current.alerts.takeHandedOver()
    if (which.has('rereads'))
      for (let taken = REREAD_BATCH; taken === REREAD_BATCH;) {
        const rereads = await current.store.takeRereads(REREAD_BATCH)
        if (rereads.length > 0) scanner.enqueue(rereads)
        taken = rereads.length
      }
    if (which.has('scan-request') && (await current.store.takeScanRequest())) scanner.requestScan()
    if (which.has('bulk')) current.sender.wake()
    if (which.has('pause')) {
      const pause = await store.getState(PAUSE_KEY, pauseSignalSchema)
      if (pause && pause.version !== appliedPause) {
        appliedPause = pause.version
        if (pause.until && pause.until > Date.now()) scanner.gate.pause(pause.until, pause.reason)
        else scanner.gate.resume()
      }
    }
    // Also a retry for a publication the store refused.
    publisher.changed()
  }
  const signals = await followSignals({
    db,
    apply: applySignals,
    fallbackMs: options.fallbackCheckMs ?? FALLBACK_CHECK_MS,
    report: reportError,
  })

  const every = (ms: number, work: () => Promise<void>) => {
    const run = () => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        work()
          .catch(reportError)
          .then(() => !stopping && run())
          .catch(() => undefined)
      }, ms)
      timers.add(timer)
    }
    run()
  }
  // A store that fails the first try is retried by the checks below; only opening it is fatal.
  await lead().catch(reportError)
  every(options.leaderCheckMs ?? 5000, lead)

  const setPause = async (state: FleetWrites, until: number | null, reason: string) => {
    const current = await state.getState(PAUSE_KEY, pauseSignalSchema)
    await state.setState(PAUSE_KEY, { until, reason, version: (current?.version ?? 0) + 1 })
    await state.announce('pause')
  }
  const refusals = createRefusalTally({
    db,
    log: (entry) => log(JSON.stringify(entry)),
    ...(options.refusalFlushMs !== undefined && { flushMs: options.refusalFlushMs }),
  })

  const bulk = createBulkService({
    fleetStore: store,
    bulkStore: createBulkStore(db),
    limits: { perMinute: fleet.maxRequestsPerMinute, quotaReserve: fleet.quotaReserve },
    async started() {
      // Heard by the scanning process, whichever it is; here at once if it is this one.
      await store.announce('bulk')
      leading?.sender.wake()
    },
  })

  const service: FleetService = {
    bulk,
    fleetPage: (query) => store.query(query),
    isScanning: () => leading?.scanner.status().state === 'running',
    isLeader: () => leading !== undefined,
    async scanBlock() {
      const status =
        leading?.scanner.status() ??
        (await store.getState(PUBLISHED_KEY, scannerStatusSchema)) ??
        NO_SCANNER_YET
      const request = await store.scanRequest()
      const nextRequestAt = request && Date.parse(request.requestedAt) + SCAN_COOL_DOWN_MS
      return {
        ...status,
        webhooks: {
          configured: fleet.webhookSecrets.length > 0,
          lastEventAt: (await store.getState(WEBHOOK_KEY, lastEventSchema)) ?? null,
          refused: await refusals.summary(),
        },
        alerts: await alerts.status(),
        nextRequestAt:
          nextRequestAt && nextRequestAt > Date.now()
            ? new Date(nextRequestAt).toISOString()
            : null,
      }
    },
    async requestScan() {
      // The scan this process runs is the answer; so is one asked for moments ago, by anyone.
      // (Another process's published state may be stale: the request is recorded, and its
      // scanner, running a scan already, lets it go.)
      if (leading?.scanner.status().state === 'running') return { isNew: false, requestedAt: null }
      const asked = await store.requestScan(SCAN_COOL_DOWN_MS)
      // It waits in the store until a scanner takes it: here at once if this process scans.
      if (asked.isNew) await signals.wake(['scan-request'])
      return asked
    },
    companyRefreshed(companyId) {
      service.rereadSoon([{ id: companyId }]).catch(reportError)
    },
    rereadSoon: (companies) => store.queueRereads(companies),
    pauseForRateLimit: (until, reason) => setPause(store, until, reason),
    resumeAfterRateLimit: () => setPause(store, null, ''),
    async receiveWebhook(delivery) {
      const written: { records: CompanyRecord[]; changes: HealthChange[] } = {
        records: [],
        changes: [],
      }
      const outcome = await store.inTransaction(async (tx) => {
        // A second delivery with this id waits here until the first commits or rolls back.
        const isFirst = await tx.recordDelivery(delivery.id, delivery.eventType.slice(0, 100))
        await tx.setState(WEBHOOK_KEY, delivery.receivedAt)
        if (!isFirst) return 'duplicate'
        if (!delivery.event) return 'ignored'
        const watched: FleetWrites = {
          ...tx,
          async writeCompanies(records, changes) {
            await tx.writeCompanies(records, changes)
            written.records.push(...records)
            written.changes.push(...changes)
          },
        }
        const outcome = await applyWebhookEvent(
          {
            store: watched,
            rereadSoon: (companies) => tx.queueRereads(companies),
            pauseForRateLimit: (until, reason) => setPause(tx, until, reason),
            resumeAfterRateLimit: () => setPause(tx, null, ''),
          },
          delivery.event,
          fleet.staleHours,
        )
        // The scanning process tells them (its tracker holds the rules' clock): from here once
        // the transaction is kept, or from the store when another process scans.
        if (!leading) await alerts.handOver(tx, delivery.id, written.records, written.changes)
        return outcome
      })
      leading?.alerts.written(written.records, written.changes)
      return outcome
    },
    webhookRefused: (reason) => refusals.note(reason),
    sendTestAlert: () => alerts.sendTest(),
    alertStatus: () => alerts.status(),
    recentAlerts: () => alerts.recent(),
    async close() {
      if (stopping) return
      stopping = true
      for (const timer of timers) clearTimeout(timer)
      publisher.stop()
      refusals.stop()
      await signals.stop()
      const current = leading
      leading = undefined
      const senderStopped = current?.sender.stop()
      await current?.scanner.stop()
      await senderStopped
      await alerts.stop()
      await refusals.flush().catch(() => undefined)
      await store.close()
    },
  }
  if (options.metrics)
    options.metrics.setFleetSource(async () => {
      const status = await service.scanBlock()
      return {
        byHealth: await store.countByHealth(),
        lastScanCompletedAt: status.lastCompletedAt,
        isScanning: status.state === 'running',
      }
    })
  return service
}
