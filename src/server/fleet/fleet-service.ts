// The fleet in one running service: the store, and (in exactly one process) the scanner, plus what the routes ask of it.
import type { FleetConfig } from '../config.ts'
import type { ConsoleMetrics } from '../metrics/console-metrics.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { createFleetStore, type FleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { createCodatReader } from './codat-reader.ts'
import { createScanner, type Scanner, type ScanStatus } from './fleet-scanner.ts'
import { createRateGate } from './rate-gate.ts'

export interface FleetScanBlock extends ScanStatus {
  webhooks: { configured: boolean; lastEventAt: string | null }
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
  webhookReceived(at: string): Promise<void>
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

  const setPause = async (until: number | null, reason: string) => {
    const current = await store.getState<PauseSignal>(PAUSE_KEY)
    await store.setState(PAUSE_KEY, { until, reason, version: (current?.version ?? 0) + 1 })
  }

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
    pauseForRateLimit: (until, reason) => setPause(until, reason),
    resumeAfterRateLimit: () => setPause(null, ''),
    webhookReceived: (at) => store.setState(WEBHOOK_KEY, at),
    async close() {
      if (stopping) return
      stopping = true
      for (const timer of timers) clearTimeout(timer)
      await scanner?.stop()
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
