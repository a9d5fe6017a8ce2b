// The scanner: full scans on a schedule, quick re-reads of queued and in-progress companies, all through the gate.
import { z } from 'zod'
import type { ScannerStatus } from '../../api/fleet-schemas.ts'
import { isUuid } from '../../lib/uuid.ts'
import type { CompanyRecord, HealthChange } from '../../lib/fleet-row.ts'
import type { FleetStore } from '../store/fleet-store.ts'
import type { CodatReader, ReadPurpose } from './codat-reader.ts'
import { readCompany, type FailureRunCache } from './company-reading.ts'
import type { RateGate } from './rate-gate.ts'
import { MAX_COMPANY_PAGES, storableIso } from './reading-bounds.ts'
import { createRecordWriter } from './record-writer.ts'

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
  /** Called whenever `status()` may have changed (cheap to call, may be called often). */
  onStatusChange?: () => void
  /** Each batch of readings once it is in the store, with its health changes. */
  onWritten?: (records: readonly CompanyRecord[], changes: readonly HealthChange[]) => void
  /** A full scan read every company Codat lists (a partial list does not count). */
  onScanCompleted?: (companies: number) => void
}

export interface Scanner {
  gate: RateGate
  start(): Promise<void>
  requestScan(): void
  /** Reads these companies again soon, before the rest of any running scan. */
  enqueue(companies: readonly { id: string; name?: string }[]): void
  status(): ScannerStatus
  /** Resolves when nothing is running or queued (tests, benchmark). */
  idle(): Promise<void>
  stop(): Promise<void>
}

/** What the scanner keeps in the store between runs. */
const scanStateSchema = z.object({
  lastCompletedAt: z.string().nullable(),
  scanId: z.number().int().min(0),
  partial: z.string().nullable().optional(),
  /** Set while a full scan runs: a scanner that finds it set at start finishes what was cut short. */
  runningSince: z.string().nullable().optional(),
})
type ScanState = z.infer<typeof scanStateSchema>

const STATE_KEY = 'scan'
const TICK_MS = 1000
const RETRY_FAILED_SCAN_MS = 5 * 60_000
/** After the store refused a write: wait this long before reading more, doubling up to the last. */
const STORE_BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000]

export function createScanner(options: ScannerOptions): Scanner {
  const now = options.now ?? Date.now
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const report = (event: string, fields: Record<string, unknown> = {}) =>
    log(
      JSON.stringify({
        type: 'fleet',
        event,
        time: storableIso(now()) ?? String(now()),
        ...fields,
      }),
    )
  const writer = createRecordWriter(options.store, options.staleHours, report, options.onWritten)
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
  // Promises waiting for the workers to reach a state, checked each time a worker finishes.
  let workWaiters: { isMet: () => boolean; resolve: () => void }[] = []
  const changed = options.onStatusChange ?? (() => undefined)
  // The store refused a write: no new reads before this time (the readings wait in the writer).
  let storeBackoffUntil = 0
  let storeFailures = 0
  let storeTimer: NodeJS.Timeout | undefined

  /** Whatever the store did, the scanner goes on: a failure is logged and slows it down. */
  function storeFailed(error: unknown): void {
    const waitMs = STORE_BACKOFF_MS[Math.min(storeFailures, STORE_BACKOFF_MS.length - 1)] ?? 60_000
    storeFailures += 1
    storeBackoffUntil = now() + waitMs
    report('store-write-failed', {
      error: message(error),
      waiting: writer.waiting(),
      retryInMs: waitMs,
    })
    clearTimeout(storeTimer)
    storeTimer = setTimeout(() => {
      if (stopping) return
      writer.flush().then(storeRecovered, storeFailed)
      pump()
    }, waitMs)
  }

  function storeRecovered(): void {
    if (storeFailures === 0) return
    storeFailures = 0
    storeBackoffUntil = 0
    report('store-write-recovered')
    pump()
  }

  async function readOne(
    id: string,
    knownName: string | undefined,
    purpose: ReadPurpose,
  ): Promise<void> {
    let result: Awaited<ReturnType<typeof readCompany>>
    try {
      const name = knownName ?? (await options.store.loadCompanies([id])).get(id)?.name ?? id
      result = await readCompany(options.reader, id, name, purpose, failureRuns)
    } catch (error) {
      if (!stopping) report('company-read-failed', { companyId: id, error: message(error) })
      return
    }
    try {
      if (result === 'not-found') {
        await writer.flush()
        await options.store.removeCompanies([id])
        return
      }
      if (result.cleaned.length > 0)
        report('reading-cleaned', { companyId: id, changes: result.cleaned })
      if (result.reading.cutShort)
        report('reading-cut-short', { companyId: id, reason: result.reading.cutShort })
      await writer.add(result.reading, storableIso(now()) ?? new Date().toISOString())
      storeRecovered()
    } catch (error) {
      if (!stopping) storeFailed(error)
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
    while (!stopping && workersBusy < options.concurrency && now() >= storeBackoffUntil) {
      const work = takeWork()
      if (!work) break
      workersBusy += 1
      readOne(work.id, work.name, work.fromScan ? 'scan' : 'follow-up')
        .catch((error: unknown) =>
          report('company-read-failed', { companyId: work.id, error: message(error) }),
        )
        .finally(() => {
          workersBusy -= 1
          if (work.fromScan && scan) scan.done += 1
          pump()
          checkWorkWaiters()
          settleIdle()
          changed()
        })
        .catch(() => undefined)
    }
  }

  /** Resolves once `isMet` holds, checked whenever a worker finishes and when the scanner stops. */
  function whenWork(isMet: () => boolean): Promise<void> {
    if (isMet()) return Promise.resolve()
    return new Promise((resolve) => workWaiters.push({ isMet, resolve }))
  }

  function checkWorkWaiters(): void {
    const met = workWaiters.filter((waiter) => waiter.isMet())
    if (met.length === 0) return
    workWaiters = workWaiters.filter((waiter) => !met.includes(waiter))
    for (const waiter of met) waiter.resolve()
  }

  function isIdle(): boolean {
    return !scanRunning && workersBusy === 0 && priority.size === 0 && scanPending.size === 0
  }

  function settleIdle(): void {
    if (!isIdle()) return
    writer
      .flush()
      .then(storeRecovered, storeFailed)
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
    changed()
    try {
      await options.store.setState(STATE_KEY, { ...state, runningSince: startedAt })
      const list = await listAll(scanId, listed)
      if (stopping) return
      if (scan) scan.total = listed.size
      changed()
      await whenWork(() => stopping || (scanPending.size === 0 && workersBusy === 0))
      if (stopping) return
      await flushForScan()
      // Only a list that is provably whole may say a company is gone.
      const removed = list.partial ? 0 : await options.store.removeUnlisted(scanId, startedAt)
      state = { lastCompletedAt: new Date(now()).toISOString(), scanId, partial: list.partial }
      await options.store.setState(STATE_KEY, state)
      nextScanAt = now() + intervalMs
      if (list.partial)
        report('scan-partial', { scanId, companies: listed.size, reason: list.partial })
      report('scan-completed', {
        scanId,
        companies: listed.size,
        removed,
        ...(list.skipped > 0 && { skipped: list.skipped }),
        ...(list.partial && { partial: list.partial }),
      })
      if (!list.partial) options.onScanCompleted?.(listed.size)
    } catch (error) {
      nextScanAt = now() + Math.min(intervalMs, RETRY_FAILED_SCAN_MS)
      report('scan-failed', { scanId, error: message(error) })
    } finally {
      scanRunning = false
      scan = null
      scanQueue = []
      scanPending = new Set()
      settleIdle()
      changed()
    }
  }

  /**
   * Pages through Codat's company list, queueing each company as its page comes. The list is
   * whole only when it ends with a short page and holds as many companies as Codat counts;
   * a full page always asks for the next, whatever `totalResults` says.
   */
  async function listAll(
    scanId: number,
    listed: Set<string>,
  ): Promise<{ partial: string | null; skipped: number }> {
    let claimed = 0
    let skipped = 0
    for (let page = 1; !stopping; page += 1) {
      if (page > MAX_COMPANY_PAGES)
        return { partial: `the list goes on past ${MAX_COMPANY_PAGES} pages`, skipped }
      const list = await options.reader.listCompanies(page, pageSize)
      claimed = Math.max(claimed, list.totalResults)
      const fresh: { id: string; name: string }[] = []
      for (const { id, name } of list.results) {
        // An ID goes into request paths: a UUID, or the entry is left out.
        if (!isUuid(id)) {
          skipped += 1
          report('company-id-refused', { id: id.slice(0, 60) })
        } else if (!listed.has(id)) {
          listed.add(id)
          fresh.push({ id, name })
        }
      }
      await options.store.markListed(
        fresh.map((c) => c.id),
        scanId,
      )
      for (const company of fresh) {
        scanPending.add(company.id)
        scanQueue.push(company)
      }
      if (scan) scan.total = Math.max(listed.size, claimed - skipped)
      changed()
      pump()
      const seen = listed.size + skipped
      if (list.results.length < pageSize) {
        if (seen >= claimed) return { partial: null, skipped }
        return {
          partial: `Codat's list ended at ${seen} of the ${claimed} companies it counts`,
          skipped,
        }
      }
      if (fresh.length === 0)
        return { partial: `page ${page} of Codat's list brought no new companies`, skipped }
    }
    return { partial: 'the scan was stopped', skipped }
  }

  /** The scan's last readings into the store, a few tries while it is away. */
  async function flushForScan(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await writer.flush()
        storeRecovered()
        return
      } catch (error) {
        if (attempt >= 3 || stopping) throw error
        await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt))
      }
    }
  }

  async function tick(): Promise<void> {
    if (stopping) return
    // fullScan reports its own failures and never rejects.
    if (!scanRunning && nextScanAt !== null && nextScanAt <= now())
      fullScan().catch((error: unknown) => report('scan-failed', { error: message(error) }))
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
      const saved = await options.store.getState(STATE_KEY, scanStateSchema)
      if (saved) state = saved
      const counts = await options.store.countByHealth()
      const isEmpty = Object.values(counts).every((n) => n === 0)
      const last = state.lastCompletedAt ? Date.parse(state.lastCompletedAt) : 0
      // An empty store, an old scan or one cut short (the process or its lock on the store went
      // away while it ran): scan at once; otherwise when the interval comes round.
      const cutShort = typeof state.runningSince === 'string'
      nextScanAt = isEmpty || cutShort || now() - last >= intervalMs ? now() : last + intervalMs
      lastInProgressCheck = now()
      changed()
      const loop = () => {
        timer = setTimeout(() => {
          tick()
            .catch((error: unknown) => report('tick-failed', { error: message(error) }))
            .finally(() => {
              if (!stopping) loop()
            })
            .catch(() => undefined)
        }, TICK_MS)
      }
      await tick()
      loop()
    },
    requestScan() {
      if (!scanRunning) nextScanAt = now()
      changed()
    },
    enqueue(companies) {
      for (const company of companies) priority.set(company.id, company.name)
      pump()
    },
    // Never throws: /api/fleet, "Scan now" and /metrics all show it.
    status() {
      const pause = options.gate.pausedUntil()
      return {
        state: pause ? 'paused' : scanRunning ? 'running' : 'idle',
        lastCompletedAt: state.lastCompletedAt,
        nextScanAt: scanRunning || nextScanAt === null ? null : storableIso(nextScanAt),
        progress: scan ? { ...scan } : null,
        pausedUntil: pause ? storableIso(pause.until) : null,
        pauseReason: pause?.reason ?? null,
        lastScanPartial: state.partial ?? null,
      }
    },
    idle: () =>
      isIdle() && nextScanAt !== null && nextScanAt > now()
        ? writer.flush()
        : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    async stop() {
      stopping = true
      clearTimeout(timer)
      clearTimeout(storeTimer)
      options.gate.close()
      checkWorkWaiters()
      await whenWork(() => workersBusy === 0)
      await writer.flush().catch(() => undefined)
    },
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
