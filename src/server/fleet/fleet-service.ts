// The fleet in one running service: the store, and (in exactly one process) the scanner, plus what the routes ask of it.
import type { FleetWebhooks, WebhookRefusalReason } from '../../api/fleet-schemas.ts'
import type { WebhookEnvelope } from '../../api/webhook-schemas.ts'
import type { FleetConfig } from '../config.ts'
import type { ConsoleMetrics } from '../metrics/console-metrics.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { createFleetStore, type FleetStore, type FleetWrites } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { createCodatReader } from './codat-reader.ts'
import { createScanner, type Scanner, type ScanStatus } from './fleet-scanner.ts'
import { applyWebhookEvent, type WebhookOutcome } from './fleet-webhooks.ts'
import { createRateGate } from './rate-gate.ts'
import { createRefusalTally } from './webhook-refusal-tally.ts'

export interface FleetScanBlock extends ScanStatus {
  webhooks: FleetWebhooks
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
  store: FleetStore
  isScanning(): boolean
  /** True in the one process that holds the scanner lock. */
  isLeader(): boolean
  scanBlock(): Promise<FleetScanBlock>
  requestScan(): Promise<void>
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
  close(): Promise<void>
}

export interface FleetServiceOptions {
  fleet: FleetConfig
  codat: { baseUrl: URL; authHeader: string; timeoutMs: number }
  metrics?: ConsoleMetrics
  log?: (line: string) => void
  /** An already open database (tests); otherwise DATABASE_URL or FLEET_DATA_DIR decides. */
  database?: Database
  /** Leadership and signal checks; tests shorten them. */
  leaderCheckMs?: number
  signalCheckMs?: number
  /** How often counted webhook refusals are written to the store. */
  refusalFlushMs?: number
}

// Any fixed number; every console process sharing one PostgreSQL uses the same.
const SCANNER_LOCK = 7361002
const PUBLISHED_KEY = 'scan-published'
const REQUEST_KEY = 'scan-requested-at'
const PAUSE_KEY = 'rate-limit-pause'
const WEBHOOK_KEY = 'webhook-last-event'

interface PauseSignal {
  until: number | null
  reason: string
  version: number
}

export async function startFleetService(options: FleetServiceOptions): Promise<FleetService> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const { fleet } = options
  const db =
    options.database ??
    (await openDatabase(
      fleet.databaseUrl ? { databaseUrl: fleet.databaseUrl } : { dataDir: fleet.dataDir },
    ))
  await migrate(db)
  const store = createFleetStore(db)
  let scanner: Scanner | undefined
  let appliedPause = 0
  let lastRequest: string | undefined
  let stopping = false
  const timers = new Set<NodeJS.Timeout>()

  const startScanner = async () => {
    const gate = createRateGate({
      concurrency: fleet.concurrency,
      perMinute: fleet.maxRequestsPerMinute,
      quotaReserve: fleet.quotaReserve,
    })
    const reader = createCodatReader({
      ...options.codat,
      gate,
      ...(options.metrics && { observe: options.metrics.observeUpstream }),
    })
    scanner = createScanner({
      store,
      reader,
      gate,
      concurrency: fleet.concurrency,
      intervalMinutes: fleet.scanIntervalMinutes,
      staleHours: fleet.staleHours,
      log,
    })
    lastRequest = await store.getState<string>(REQUEST_KEY)
    await scanner.start()
    log(JSON.stringify({ type: 'fleet', event: 'scanner-started', store: db.kind }))
  }

  // Leadership: the process holding the advisory lock scans; the others only serve.
  const lead = async () => {
    if (stopping) return
    const held = await db.tryHoldLock(SCANNER_LOCK).catch(() => false)
    if (held && !scanner) await startScanner()
    if (!held && scanner) {
      await scanner.stop()
      scanner = undefined
      log(JSON.stringify({ type: 'fleet', event: 'scanner-handed-over' }))
    }
  }

  // Signals any process may leave in the store, applied by the scanning one.
  const applySignals = async () => {
    if (!scanner || stopping) return
    const rereads = await store.takeRereads(500)
    if (rereads.length > 0) scanner.enqueue(rereads)
    const requested = await store.getState<string>(REQUEST_KEY)
    if (requested && requested !== lastRequest) {
      lastRequest = requested
      scanner.requestScan()
    }
    const pause = await store.getState<PauseSignal>(PAUSE_KEY)
    if (pause && pause.version !== appliedPause) {
      appliedPause = pause.version
      if (pause.until && pause.until > Date.now()) scanner.gate.pause(pause.until, pause.reason)
      else scanner.gate.resume()
    }
    await store.setState(PUBLISHED_KEY, scanner.status())
  }

  const every = (ms: number, work: () => Promise<void>) => {
    const run = () => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        void work()
          .catch((error: unknown) =>
            log(
              JSON.stringify({ type: 'fleet', event: 'error', message: (error as Error).message }),
            ),
          )
          .finally(() => !stopping && run())
      }, ms)
      timers.add(timer)
    }
    run()
  }
  await lead()
  every(options.leaderCheckMs ?? 5000, lead)
  every(options.signalCheckMs ?? 1000, applySignals)

  const setPause = async (state: FleetWrites, until: number | null, reason: string) => {
    const current = await state.getState<PauseSignal>(PAUSE_KEY)
    await state.setState(PAUSE_KEY, { until, reason, version: (current?.version ?? 0) + 1 })
  }
  const refusals = createRefusalTally({
    db,
    log: (entry) => log(JSON.stringify(entry)),
    ...(options.refusalFlushMs !== undefined && { flushMs: options.refusalFlushMs }),
  })

  const service: FleetService = {
    store,
    isScanning: () => scanner?.status().state === 'running',
    isLeader: () => scanner !== undefined,
    async scanBlock() {
      const status = scanner?.status() ??
        (await store.getState<ScanStatus>(PUBLISHED_KEY)) ?? {
          state: 'idle',
          lastCompletedAt: null,
          nextScanAt: null,
          progress: null,
          pausedUntil: null,
          pauseReason: null,
        }
      return {
        ...status,
        webhooks: {
          configured: fleet.webhookSecrets.length > 0,
          lastEventAt: (await store.getState<string>(WEBHOOK_KEY)) ?? null,
          refused: await refusals.summary(),
        },
      }
    },
    async requestScan() {
      await store.setState(REQUEST_KEY, new Date().toISOString())
      await applySignals()
    },
    companyRefreshed(companyId) {
      void service.rereadSoon([{ id: companyId }]).catch(() => undefined)
    },
    rereadSoon: (companies) => store.queueRereads(companies),
    pauseForRateLimit: (until, reason) => setPause(store, until, reason),
    resumeAfterRateLimit: () => setPause(store, null, ''),
    receiveWebhook: (delivery) =>
      store.inTransaction(async (tx) => {
        // A second delivery with this id waits here until the first commits or rolls back.
        const isFirst = await tx.recordDelivery(delivery.id, delivery.eventType.slice(0, 100))
        await tx.setState(WEBHOOK_KEY, delivery.receivedAt)
        if (!isFirst) return 'duplicate'
        if (!delivery.event) return 'ignored'
        return applyWebhookEvent(
          {
            store: tx,
            rereadSoon: (companies) => tx.queueRereads(companies),
            pauseForRateLimit: (until, reason) => setPause(tx, until, reason),
            resumeAfterRateLimit: () => setPause(tx, null, ''),
          },
          delivery.event,
          fleet.staleHours,
        )
      }),
    webhookRefused: (reason) => refusals.note(reason),
    async close() {
      if (stopping) return
      stopping = true
      for (const timer of timers) clearTimeout(timer)
      refusals.stop()
      await scanner?.stop()
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
