// The demo's bulk refresh: plans from the demo fleet's records, sends each item to the simulated
// Codat at a watchable pace on the world's clock, and follows its pull in the re-read records.
import {
  BULK_ITEMS_PAGE_SIZE,
  type BulkItemsQuery,
  type BulkJob,
  type BulkRequest,
} from '../api/bulk-schemas.ts'
import {
  emptyBulkCounts,
  itemAfterAnswer,
  itemAfterReading,
  jobStateOf,
  type BulkItemProgress,
  type BulkJobState,
} from '../lib/bulk-refresh.ts'
import { codatAnswer } from './bulk-codat.ts'
import { BulkRefusal, draftJob, type SimItem, type SimJob } from './bulk-draft.ts'
import type { DemoFleet } from './fleet-sim.ts'
import { stableUuid } from './sim-random.ts'
import { createSimLimits, type SimLimits } from './sim-limits.ts'
import type { SimWorld } from './world.ts'

export { BulkRefusal }

const iso = (ms: number) => new Date(ms).toISOString()

/** Three requests a second: fast enough to finish, slow enough to watch. */
export const DEMO_BULK_PER_MINUTE = 180
/** How long a request is with Codat before it answers. */
export const DEMO_SEND_LATENCY_MS = 400
/** Unstarted drafts kept; each dialog's scope change makes one. */
const KEPT_DRAFTS = 20

/** Where the demo keeps its started jobs, so a reload shows the same job (the browser's storage). */
export interface BulkJobStore {
  load(): string | null
  save(text: string): void
}

/** Started jobs remembered across reloads; older ones are forgotten. */
const KEPT_STARTED = 5

export interface DemoBulkOptions {
  perMinute?: number
  latencyMs?: number
  createdBy?: string | null
  store?: BulkJobStore
}

export class DemoBulk {
  private jobs: SimJob[] = []
  private readonly limits: SimLimits
  private readonly perMinute: number
  private readonly latencyMs: number
  private readonly createdBy: string | null
  /** The instant the limits are asked about: the send being simulated, not the wall clock. */
  private at = 0
  private origin: number

  constructor(
    private readonly world: SimWorld,
    private readonly fleet: DemoFleet,
    options: DemoBulkOptions = {},
  ) {
    this.perMinute = options.perMinute ?? DEMO_BULK_PER_MINUTE
    this.latencyMs = options.latencyMs ?? DEMO_SEND_LATENCY_MS
    this.createdBy = options.createdBy === undefined ? 'demo visitor' : options.createdBy
    this.limits = createSimLimits({ perMinute: this.perMinute, now: () => this.at })
    this.origin = world.seededAt()
    this.store = options.store
    this.jobs = this.restore()
  }

  private readonly store: BulkJobStore | undefined

  /** The jobs saved for this very world; none for another seed or unreadable text. */
  private restore(): SimJob[] {
    try {
      const saved = JSON.parse(this.store?.load() ?? 'null') as {
        origin?: unknown
        jobs?: unknown
      } | null
      return saved?.origin === this.origin && Array.isArray(saved.jobs)
        ? (saved.jobs as SimJob[])
        : []
    } catch {
      return []
    }
  }

  private persist(): void {
    if (!this.store) return
    const started = this.jobs.filter((job) => job.startedAt !== null).slice(-KEPT_STARTED)
    this.store.save(JSON.stringify({ origin: this.origin, jobs: started }))
  }

  /** `POST /api/fleet/bulk`: the dry run as a draft; nothing is sent. */
  createDraft({ selection, scope }: BulkRequest): BulkJob {
    this.tick()
    const now = this.world.now()
    const job = draftJob(
      this.fleet.currentRecords(),
      { selection, scope },
      {
        now,
        id: stableUuid(`bulk:${this.origin}:${now}:${this.jobs.length}:${Math.random()}`),
        perMinute: this.perMinute,
        quota: this.world.quota(),
      },
    )
    const drafts = this.jobs.filter((candidate) => candidate.startedAt === null)
    const stale = new Set(drafts.slice(0, Math.max(0, drafts.length - KEPT_DRAFTS + 1)))
    this.jobs = [...this.jobs.filter((candidate) => !stale.has(candidate)), job]
    return this.answer(job, {})
  }

  /** `POST …/start`: one job at a time; a second start of the same job answers it as it is. */
  start(id: string): BulkJob {
    this.tick()
    const job = this.find(id)
    if (job.startedAt !== null) return this.answer(job, {})
    const running = this.running()
    if (running)
      throw new BulkRefusal(
        409,
        `Another bulk refresh is running (${running.selection}): cancel it or wait for it to end.`,
      )
    if (!job.items.some((item) => item.state === 'queued'))
      throw new BulkRefusal(422, 'This job has nothing to send.')
    const now = this.world.now()
    job.startedAt = now
    job.nextSendAt = now
    this.tick()
    return this.answer(job, {})
  }

  /** `POST …/cancel`: queued items are cancelled; those with Codat finish. */
  cancel(id: string): BulkJob {
    this.tick()
    const job = this.find(id)
    if (job.startedAt === null) throw new BulkRefusal(409, 'This job was never started.')
    if (this.stateOf(job) === 'running') {
      const now = this.world.now()
      job.isCancelRequested = true
      job.cancelledAt = now
      for (const item of job.items)
        if (item.state === 'queued') this.update(item, { state: 'cancelled' }, now)
      this.settle(job, now)
      this.persist()
    }
    return this.answer(job, {})
  }

  /** `POST …/retry`: failed and unknown items are queued again, as a running job. */
  retry(id: string): BulkJob {
    this.tick()
    const job = this.find(id)
    if (job.startedAt === null) throw new BulkRefusal(409, 'This job was never started.')
    const running = this.running()
    if (running && running !== job)
      throw new BulkRefusal(409, `Another bulk refresh is running (${running.selection}).`)
    const now = this.world.now()
    let again = 0
    for (const item of job.items)
      if (item.state === 'failed' || item.state === 'unknown') {
        this.update(item, { state: 'queued', error: null, attempts: 0, datasetId: null }, now)
        again += 1
      }
    if (again > 0) {
      job.isCancelRequested = false
      job.finishedAt = null
      job.nextSendAt = Math.max(job.nextSendAt, now)
    }
    this.tick()
    return this.answer(job, {})
  }

  /** `GET …/current`: the running job, else the latest started one. */
  current(): BulkJob | null {
    this.tick()
    const job = this.running() ?? this.jobs.findLast((candidate) => candidate.startedAt !== null)
    return job ? this.answer(job, {}) : null
  }

  /** `GET …/{id}?state=&page=`. */
  get(id: string, query: BulkItemsQuery): BulkJob {
    this.tick()
    return this.answer(this.find(id), query)
  }

  private find(id: string): SimJob {
    this.forgetOnReset()
    const job = this.jobs.find((candidate) => candidate.id === id)
    if (!job) throw new BulkRefusal(404, `No bulk refresh ${id}.`)
    return job
  }

  private running(): SimJob | undefined {
    return this.jobs.find((job) => {
      const state = this.stateOf(job)
      return state === 'running' || state === 'cancelling'
    })
  }

  private stateOf(job: SimJob): BulkJobState {
    if (job.startedAt === null) return 'draft'
    return jobStateOf(this.counts(job), job.isCancelRequested)
  }

  private counts(job: SimJob) {
    const counts = emptyBulkCounts()
    for (const item of job.items) counts[item.state] += 1
    return counts
  }

  /** A reset world forgets its jobs, as a fresh console's store would be empty. */
  private forgetOnReset(): void {
    if (this.world.seededAt() === this.origin) return
    this.origin = this.world.seededAt()
    this.jobs = []
    this.persist()
  }

  /**
   * Plays the running job forward to the world's now (answers due, sends due), then follows the
   * pulls Codat accepted, of any started job: a cancelled job's pulls still end.
   */
  private tick(): void {
    this.forgetOnReset()
    const now = this.world.now()
    const job = this.running()
    if (job) this.send(job, now)
    const following = this.jobs.filter((candidate) =>
      candidate.items.some((item) => item.state === 'running'),
    )
    if (following.length > 0) {
      const records = new Map(this.fleet.currentRecords().map((record) => [record.id, record]))
      for (const candidate of following)
        for (const item of candidate.items) {
          const record = item.state === 'running' ? records.get(item.companyId) : undefined
          const change = record && itemAfterReading(item, record, now)
          if (change) this.update(item, change, now)
        }
    }
    if (job) this.settle(job, now)
    if (job || following.length > 0) this.persist()
  }

  private send(job: SimJob, now: number): void {
    for (;;) {
      const answering = job.items
        .filter((item) => item.state === 'sending' && (item.answerAt ?? Infinity) <= now)
        .sort((a, b) => (a.answerAt ?? 0) - (b.answerAt ?? 0))[0]
      const next = job.isCancelRequested
        ? undefined
        : job.items.find((item) => item.state === 'queued')
      const sendAt = next && job.nextSendAt <= now ? job.nextSendAt : Infinity
      if (answering && (answering.answerAt ?? 0) <= sendAt)
        this.answerItem(job, answering, answering.answerAt ?? now)
      else if (next && sendAt !== Infinity) this.sendItem(job, next, sendAt)
      else break
    }
  }

  private sendItem(job: SimJob, item: SimItem, at: number): void {
    this.at = at
    const admission = this.limits.admit()
    job.nextSendAt = at + 60_000 / this.perMinute
    if (!admission.ok) {
      job.nextSendAt = at + Number(admission.headers['Retry-After'] ?? 1) * 1000
      return
    }
    admission.release()
    this.update(item, { state: 'sending', attempts: item.attempts + 1 }, at)
    item.answerAt = at + this.latencyMs
  }

  private answerItem(job: SimJob, item: SimItem, at: number): void {
    item.answerAt = null
    const step = itemAfterAnswer(codatAnswer(this.world, item), item.attempts, iso(at))
    if (step.next === 'retry') {
      // Cancelled meanwhile: it is not sent again.
      this.update(
        item,
        { state: job.isCancelRequested ? 'cancelled' : 'queued', error: step.error },
        at,
      )
      return
    }
    this.update(item, step.progress, at)
    const reason = step.progress.skipReason
    if (step.progress.state === 'skipped' && reason)
      job.skippedBy[reason] = (job.skippedBy[reason] ?? 0) + 1
  }

  private update(item: SimItem, change: Partial<BulkItemProgress>, at: number): void {
    Object.assign(item, change)
    item.updatedAt = at
  }

  private settle(job: SimJob, now: number): void {
    const state = this.stateOf(job)
    if ((state === 'finished' || state === 'cancelled') && job.finishedAt === null)
      job.finishedAt = now
  }

  private answer(job: SimJob, query: BulkItemsQuery): BulkJob {
    const page = query.page ?? 1
    const wanted = query.state
    const found =
      wanted === undefined ? job.items : job.items.filter((item) => item.state === wanted)
    const start = (page - 1) * BULK_ITEMS_PAGE_SIZE
    return {
      id: job.id,
      state: this.stateOf(job),
      scope: job.scope,
      selection: job.selection,
      companies: job.companies,
      createdBy: this.createdBy,
      createdAt: iso(job.createdAt),
      startedAt: job.startedAt === null ? null : iso(job.startedAt),
      finishedAt: job.finishedAt === null ? null : iso(job.finishedAt),
      cancelledAt: job.cancelledAt === null ? null : iso(job.cancelledAt),
      counts: this.counts(job),
      skippedBy: { ...job.skippedBy },
      byConnection: job.byConnection.map((entry) => ({ ...entry })),
      estimate: { ...job.estimate },
      items: {
        results: found
          .slice(start, start + BULK_ITEMS_PAGE_SIZE)
          .map(({ answerAt: _sending, answeredAt: _answered, updatedAt, ...item }) => ({
            ...item,
            updatedAt: iso(updatedAt),
          })),
        pageNumber: page,
        pageSize: BULK_ITEMS_PAGE_SIZE,
        totalResults: found.length,
      },
    }
  }
}
