// The scanner: full scans on a schedule, quick re-reads of queued and in-progress companies, all through the gate.
import type { FleetStore } from '../store/fleet-store.ts'
import type { CodatReader, ReadPurpose } from './codat-reader.ts'
import { readCompany, type FailureRunCache } from './company-reading.ts'
import type { RateGate } from './rate-gate.ts'
import { createRecordWriter } from './record-writer.ts'

export interface ScanStatus {
  state: 'idle' | 'running' | 'paused'
  lastCompletedAt: string | null
  nextScanAt: string | null
  progress: { done: number; total: number } | null
  pausedUntil: string | null
  pauseReason: string | null
}

export interface ScannerOptions {
  store: FleetStore
  reader: CodatReader
  gate: RateGate
  concurrency: number
  intervalMinutes: number
  staleHours: number
  log?: (line: string) => void
  now?: () => number
  /** Companies with a read running are read again this often until it ends. */
  inProgressEveryMs?: number
  listPageSize?: number
}

export interface Scanner {
  gate: RateGate
  start(): Promise<void>
  requestScan(): void
  /** Reads these companies again soon, before the rest of any running scan. */
  enqueue(companies: readonly { id: string; name?: string }[]): void
  status(): ScanStatus
  /** Resolves when nothing is running or queued (tests, benchmark). */
  idle(): Promise<void>
  stop(): Promise<void>
}

interface ScanState {
  lastCompletedAt: string | null
  scanId: number
}

const STATE_KEY = 'scan'
const TICK_MS = 1000
const RETRY_FAILED_SCAN_MS = 5 * 60_000

export function createScanner(options: ScannerOptions): Scanner {
  const now = options.now ?? Date.now
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const writer = createRecordWriter(options.store, options.staleHours)
  const intervalMs = options.intervalMinutes * 60_000
  const inProgressEvery = options.inProgressEveryMs ?? 120_000
  const pageSize = options.listPageSize ?? 1000
  const priority = new Map<string, string | undefined>()
  // Failing types' runs already counted, so an unchanged failure costs no history read.
  const failureRuns: FailureRunCache = new Map()
  let scanQueue: { id: string; name: string }[] = []
  // Companies listed in this scan and not read yet; a follow-up read of one is its scan read.
  let scanPending = new Set<string>()
  let state: ScanState = { lastCompletedAt: null, scanId: 0 }
  let nextScanAt: number | null = null
  let scan: { done: number; total: number } | null = null
  let scanRunning = false
  let scanStartedAt = 0
  let workersBusy = 0
  let lastInProgressCheck = 0
  let stopping = false
  let timer: NodeJS.Timeout | undefined
  let idleWaiters: (() => void)[] = []

  const report = (event: string, fields: Record<string, unknown> = {}) =>
    log(JSON.stringify({ type: 'fleet', event, time: new Date(now()).toISOString(), ...fields }))

  async function readOne(
    id: string,
    knownName: string | undefined,
    purpose: ReadPurpose,
  ): Promise<void> {
    let name = knownName
    if (name === undefined) name = (await options.store.loadCompanies([id])).get(id)?.name ?? id
    try {
      const reading = await readCompany(options.reader, id, name, purpose, failureRuns)
      if (reading === 'not-found') {
        await writer.flush()
        await options.store.removeCompanies([id])
      } else await writer.add(reading, new Date(now()).toISOString())
    } catch (error) {
      if (stopping) return
      report('company-read-failed', { companyId: id, error: (error as Error).message })
    }
  }

  function takeWork(): { id: string; name: string | undefined; fromScan: boolean } | undefined {
    const first = priority.entries().next()
    if (!first.done) {
      const [id, name] = first.value
      priority.delete(id)
      return { id, name, fromScan: scanPending.delete(id) }
    }
    for (let next = scanQueue.shift(); next; next = scanQueue.shift())
      if (scanPending.delete(next.id)) return { ...next, fromScan: true }
    return undefined
  }

  // Workers are started on demand, never more than the concurrency; each holds one company.
  function pump(): void {
    while (!stopping && workersBusy < options.concurrency) {
      const work = takeWork()
      if (!work) break
      workersBusy += 1
      void readOne(work.id, work.name, work.fromScan ? 'scan' : 'follow-up').finally(() => {
        workersBusy -= 1
        if (work.fromScan && scan) scan.done += 1
        pump()
        settleIdle()
      })
    }
  }

  function isIdle(): boolean {
    return !scanRunning && workersBusy === 0 && priority.size === 0 && scanPending.size === 0
  }

  function settleIdle(): void {
    if (!isIdle()) return
    writer
      .flush()
      // A store that refuses the write (the scanner lock is gone) is reported, not left unhandled.
      .catch((error: unknown) => report('flush-failed', { error: (error as Error).message }))
      .finally(() => {
        if (!isIdle()) return
        const waiters = idleWaiters
        idleWaiters = []
        for (const resolve of waiters) resolve()
      })
      .catch(() => undefined)
  }

  async function fullScan(): Promise<void> {
    scanRunning = true
    const scanId = state.scanId + 1
    scanStartedAt = now()
    const startedAt = new Date(scanStartedAt).toISOString()
    scan = { done: 0, total: 0 }
    // A company the list shows twice (pages shift while Codat adds companies) is read once.
    const listed = new Set<string>()
    report('scan-started', { scanId })
    try {
      for (let page = 1; !stopping; page += 1) {
        const list = await options.reader.listCompanies(page, pageSize)
        scan.total = Math.max(list.totalResults, scan.total + list.results.length)
        await options.store.markListed(
          list.results.map((c) => c.id),
          scanId,
        )
        for (const { id, name } of list.results) {
          if (listed.has(id)) continue
          listed.add(id)
          scanPending.add(id)
          scanQueue.push({ id, name })
        }
        pump()
        if (list.results.length < pageSize || page * pageSize >= list.totalResults) break
      }
      while (!stopping && (scanPending.size > 0 || workersBusy > 0))
        await new Promise((resolve) => setTimeout(resolve, 50))
      if (stopping) return
      await writer.flush()
      const removed = await options.store.removeUnlisted(scanId, startedAt)
      state = { lastCompletedAt: new Date(now()).toISOString(), scanId }
      await options.store.setState(STATE_KEY, state)
      nextScanAt = now() + intervalMs
      report('scan-completed', { scanId, companies: scan.total, removed })
    } catch (error) {
      nextScanAt = now() + Math.min(intervalMs, RETRY_FAILED_SCAN_MS)
      report('scan-failed', { scanId, error: (error as Error).message })
    } finally {
      scanRunning = false
      scan = null
      scanQueue = []
      scanPending = new Set()
      settleIdle()
    }
  }

  async function tick(): Promise<void> {
    if (stopping) return
    if (!scanRunning && nextScanAt !== null && nextScanAt <= now()) void fullScan()
    if (now() - lastInProgressCheck >= inProgressEvery) {
      lastInProgressCheck = now()
      // Companies not read for the whole interval, and while a scan runs, not read in it: the
      // scan's turn was their read for this pass (webhooks and refreshes still read them again).
      const readBefore = Math.min(now() - inProgressEvery, scanRunning ? scanStartedAt : Infinity)
      const ids = await options.store.companiesInProgress(new Date(readBefore).toISOString())
      for (const id of ids) if (!priority.has(id)) priority.set(id, undefined)
    }
    pump()
  }

  return {
    gate: options.gate,
    async start() {
      const saved = await options.store.getState<ScanState>(STATE_KEY)
      if (saved) state = saved
      const counts = await options.store.countByHealth()
      const isEmpty = Object.values(counts).every((n) => n === 0)
      const last = state.lastCompletedAt ? Date.parse(state.lastCompletedAt) : 0
      // An empty store or an old scan: scan at once; otherwise when the interval comes round.
      nextScanAt = isEmpty || now() - last >= intervalMs ? now() : last + intervalMs
      lastInProgressCheck = now()
      const loop = () => {
        timer = setTimeout(() => {
          void tick()
            .catch((error: unknown) => report('tick-failed', { error: (error as Error).message }))
            .finally(() => {
              if (!stopping) loop()
            })
        }, TICK_MS)
      }
      await tick()
      loop()
    },
    requestScan() {
      if (!scanRunning) nextScanAt = now()
    },
    enqueue(companies) {
      for (const company of companies) priority.set(company.id, company.name)
      pump()
    },
    status() {
      const pause = options.gate.pausedUntil()
      return {
        state: pause ? 'paused' : scanRunning ? 'running' : 'idle',
        lastCompletedAt: state.lastCompletedAt,
        nextScanAt: scanRunning || nextScanAt === null ? null : new Date(nextScanAt).toISOString(),
        progress: scan ? { ...scan } : null,
        pausedUntil: pause ? new Date(pause.until).toISOString() : null,
        pauseReason: pause?.reason ?? null,
      }
    },
    idle: () =>
      isIdle() && nextScanAt !== null && nextScanAt > now()
        ? writer.flush()
        : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    async stop() {
      stopping = true
      clearTimeout(timer)
      options.gate.close()
      while (workersBusy > 0) await new Promise((resolve) => setTimeout(resolve, 20))
      await writer.flush().catch(() => undefined)
    },
  }
}
