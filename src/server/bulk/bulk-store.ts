// Bulk refresh jobs and their items in the store: drafts, one running job at a time, claims under a lease, answers, readings, cancel and retry.
import { randomUUID } from 'node:crypto'
import type { BulkItem, BulkJob } from '../../api/bulk-schemas.ts'
import { BULK_ITEMS_PAGE_SIZE } from '../../api/bulk-schemas.ts'
import {
  BULK_FOLLOW_LIMIT_MS,
  emptyBulkCounts,
  itemAfterReading,
  jobStateOf,
  type BulkCounts,
  type BulkItemState,
  type BulkPlan,
  type BulkScope,
  type BulkSkipReason,
  type BulkStep,
} from '../../lib/bulk-refresh.ts'
import type { CompanyRecord } from '../../lib/fleet-row.ts'
import type { Database, SqlRunner } from '../store/database.ts'

/** The dry run's figures a job keeps beside its items. */
export type BulkPlanSummary = Pick<BulkJob, 'skippedBy' | 'byConnection' | 'estimate'>

export interface BulkDraft {
  scope: BulkScope
  selection: string
  companies: number
  createdBy: string | null
  plan: BulkPlan
  summary: BulkPlanSummary
}

/** An item the sender took: its request, and which try of this round it is. */
export interface ClaimedItem {
  jobId: string
  position: number
  companyId: string
  dataType: string | null
  connectionId: string | null
  /** Tries of this round, this one included. */
  tries: number
  createdBy: string | null
}

/** A job that just ended, for its summary alert. */
export interface EndedJob {
  id: string
  state: 'finished' | 'cancelled'
  counts: BulkCounts
  createdBy: string | null
}

/** A refusal to show as it is: 404 (no such job), 409 (another job runs; this one ended). */
export class BulkRefusal extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message)
  }
}

export interface BulkStore {
  createDraft(draft: BulkDraft): Promise<BulkJob>
  /** Draft → running; the job itself when it runs already; 409 when another job is active. */
  start(id: string): Promise<BulkJob>
  /** Queued items are cancelled at once; those Codat has now finish. */
  cancel(id: string): Promise<BulkJob>
  /** Failed and unknown items queued again, the job running again. */
  retry(id: string): Promise<BulkJob>
  /** The job with its counts and one page of its items (`state` filters them). */
  job(
    id: string,
    page?: { state?: BulkItemState | undefined; page?: number | undefined },
  ): Promise<BulkJob | undefined>
  /** The running (or cancelling) job, else the latest one started, else null. */
  current(): Promise<BulkJob | null>
  /**
   * Takes up to `limit` queued items of running jobs for `worker`, for `leaseMs`: retries
   * first, then in the job's order; never an item of a company that has one claimed or sending.
   */
  claim(worker: string, limit: number, leaseMs: number): Promise<ClaimedItem[]>
  /** The claimed item goes to Codat now; false when the claim is no longer this worker's. */
  markSending(worker: string, item: ClaimedItem, leaseMs: number): Promise<boolean>
  /** How Codat answered; false (nothing written) when the claim is no longer this worker's. */
  recordAnswer(
    worker: string,
    item: ClaimedItem,
    step: BulkStep,
    options?: { countsAsTry?: boolean },
  ): Promise<boolean>
  /** Gives back claims this worker has not sent (a clean stop). */
  releaseClaims(worker: string): Promise<void>
  /** Items whose sending lease ran out become unknown (never sent again by themselves). */
  expireSending(): Promise<number>
  /** Running items of these companies against their fresh readings. */
  applyReadings(records: readonly CompanyRecord[], now?: number): Promise<number>
  /** Running items Codat accepted longer ago than the follow limit: unknown. */
  expireRunning(now?: number): Promise<number>
  /** Companies with items running, oldest answer first, to follow from the store. */
  runningCompanies(limit: number): Promise<{ companyId: string; answeredAt: string | null }[]>
  /** Jobs that ended and whose summary is not told yet: marked told as `tell` writes them. */
  tellEnded(tell: (tx: SqlRunner, job: EndedJob) => Promise<void>): Promise<EndedJob[]>
  /**
   * True while the sender has something to do: a job running or cancelling, an item with
   * Codat or running there, or a job's end not told yet.
   */
  isBusy(): Promise<boolean>
}

/** A draft not started within this long is deleted. */
export const DRAFT_KEEP_MS = 60 * 60_000
export const UNKNOWN_AFTER_STOP =
  'The console stopped while this request was with Codat; whether Codat queued it is not known'

const newJobId = () => `bulk_${randomUUID()}`

interface JobRow {
  id: string
  state: BulkJob['state']
  scope: BulkScope
  selection: string
  companies: number
  created_by: string | null
  created_at: Date | string
  started_at: Date | string | null
  finished_at: Date | string | null
  cancelled_at: Date | string | null
  plan: BulkPlanSummary
}

interface ItemRow {
  position: number
  company_id: string
  company_name: string
  data_type: string | null
  connection_id: string | null
  connection_label: string
  state: BulkItemState
  skip_reason: BulkSkipReason | null
  dataset_id: string | null
  error: string | null
  attempts: number
  updated_at: Date | string
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

const JOB_COLUMNS =
  'id, state, scope, selection, companies, created_by, created_at, started_at, finished_at, cancelled_at, plan'

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505'
}

async function countsOf(db: SqlRunner, jobId: string): Promise<BulkCounts> {
  const rows = await db.query<{ state: BulkItemState; n: number }>(
    'SELECT state, count(*)::int AS n FROM bulk_item WHERE job_id = $1 GROUP BY state',
    [jobId],
  )
  const counts = emptyBulkCounts()
  for (const row of rows) if (row.state in counts) counts[row.state] = row.n
  return counts
}

/**
 * The job's state from its items, once started: running, cancelling, then cancelled or
 * finished (with finished_at). Returns the state it ends in.
 */
async function settleJob(db: SqlRunner, jobId: string): Promise<BulkJob['state'] | undefined> {
  const [job] = await db.query<{ state: BulkJob['state']; cancelled_at: Date | null }>(
    'SELECT state, cancelled_at FROM bulk_job WHERE id = $1',
    [jobId],
  )
  if (!job || job.state === 'draft') return job?.state
  const next = jobStateOf(await countsOf(db, jobId), job.cancelled_at !== null)
  if (next === job.state) return next
  const ended = next === 'finished' || next === 'cancelled'
  await db.query(
    `UPDATE bulk_job SET state = $2,
       finished_at = CASE WHEN $3::boolean THEN COALESCE(finished_at, now()) ELSE NULL END
     WHERE id = $1`,
    [jobId, next, ended],
  )
  return next
}

export function createBulkStore(db: Database): BulkStore {
  async function readJob(
    runner: SqlRunner,
    id: string,
    page: { state?: BulkItemState | undefined; page?: number | undefined } = {},
  ): Promise<BulkJob | undefined> {
    const [row] = await runner.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM bulk_job WHERE id = $1`, [
      id,
    ])
    if (!row) return undefined
    const counts = await countsOf(runner, id)
    const pageNumber = page.page ?? 1
    const state = page.state ?? null
    const items = await runner.query<ItemRow>(
      `SELECT position, company_id, company_name, data_type, connection_id, connection_label,
         state, skip_reason, dataset_id, error, attempts, updated_at
       FROM bulk_item WHERE job_id = $1 AND ($2::text IS NULL OR state = $2::text)
       ORDER BY position LIMIT $3 OFFSET $4`,
      [id, state, BULK_ITEMS_PAGE_SIZE, (pageNumber - 1) * BULK_ITEMS_PAGE_SIZE],
    )
    const total = state ? counts[state] : Object.values(counts).reduce((a, b) => a + b, 0)
    return {
      id: row.id,
      state: row.state,
      scope: row.scope,
      selection: row.selection,
      companies: row.companies,
      createdBy: row.created_by,
      createdAt: iso(row.created_at) ?? new Date().toISOString(),
      startedAt: iso(row.started_at),
      finishedAt: iso(row.finished_at),
      cancelledAt: iso(row.cancelled_at),
      counts,
      skippedBy: row.plan.skippedBy,
      byConnection: row.plan.byConnection,
      estimate: row.plan.estimate,
      items: {
        results: items.map((item): BulkItem => ({
          position: item.position,
          companyId: item.company_id,
          companyName: item.company_name,
          dataType: item.data_type,
          connectionId: item.connection_id,
          connectionLabel: item.connection_label,
          state: item.state,
          skipReason: item.skip_reason,
          datasetId: item.dataset_id,
          error: item.error,
          attempts: item.attempts,
          updatedAt: iso(item.updated_at) ?? new Date().toISOString(),
        })),
        pageNumber,
        pageSize: BULK_ITEMS_PAGE_SIZE,
        totalResults: total,
      },
    }
  }

  const mustRead = async (runner: SqlRunner, id: string) => {
    const job = await readJob(runner, id)
    if (!job)
      throw new BulkRefusal(404, 'No such bulk refresh (a draft not started is kept for an hour)')
    return job
  }

  async function activeRefusal(): Promise<BulkRefusal> {
    const [active] = await db.query<{ created_by: string | null; started_at: Date | null }>(
      "SELECT created_by, started_at FROM bulk_job WHERE state IN ('running', 'cancelling') LIMIT 1",
    )
    const by = active?.created_by ?? 'someone'
    const at = iso(active?.started_at ?? null) ?? 'a moment ago'
    return new BulkRefusal(409, `A bulk refresh is already running: started by ${by} at ${at}`)
  }

  /** Runs `work` in a transaction; a second active job (the unique index) is the 409. */
  async function activating(work: (tx: SqlRunner) => Promise<void>): Promise<void> {
    try {
      await db.transaction(work)
    } catch (error) {
      if (isUniqueViolation(error)) throw await activeRefusal()
      throw error
    }
  }

  return {
    async createDraft(draft) {
      const id = newJobId()
      const items = [
        ...draft.plan.targets.map((target) => ({
          company_id: target.companyId,
          company_name: target.companyName,
          data_type: target.dataType,
          connection_id: target.connectionId,
          connection_label: target.connectionLabel,
          state: 'queued',
          skip_reason: null,
        })),
        ...draft.plan.skips.map((skip) => ({
          company_id: skip.companyId,
          company_name: skip.companyName,
          data_type: skip.dataType,
          connection_id: null,
          connection_label: '',
          state: 'skipped',
          skip_reason: skip.reason,
        })),
      ].map((item, index) => ({ ...item, position: index + 1 }))
      await db.transaction(async (tx) => {
        await tx.query(
          "DELETE FROM bulk_job WHERE state = 'draft' AND created_at < now() - $1::integer * interval '1 millisecond'",
          [DRAFT_KEEP_MS],
        )
        await tx.query(
          `INSERT INTO bulk_job (id, state, scope, selection, companies, created_by, plan)
           VALUES ($1, 'draft', $2, $3, $4, $5, $6::jsonb)`,
          [
            id,
            draft.scope,
            draft.selection.slice(0, 500),
            draft.companies,
            draft.createdBy,
            JSON.stringify(draft.summary),
          ],
        )
        // In chunks, so a large job stays within the driver's parameter sizes.
        for (let at = 0; at < items.length; at += 5000)
          await tx.query(
            `INSERT INTO bulk_item (job_id, position, company_id, company_name, data_type,
               connection_id, connection_label, state, skip_reason)
             SELECT $1, x.position, x.company_id, x.company_name, x.data_type, x.connection_id,
               x.connection_label, x.state, x.skip_reason
             FROM jsonb_to_recordset($2::jsonb) AS x(position integer, company_id text,
               company_name text, data_type text, connection_id text, connection_label text,
               state text, skip_reason text)`,
            [id, JSON.stringify(items.slice(at, at + 5000))],
          )
      })
      return mustRead(db, id)
    },

    async start(id) {
      const [row] = await db.query<{ state: BulkJob['state'] }>(
        'SELECT state FROM bulk_job WHERE id = $1',
        [id],
      )
      if (!row) return mustRead(db, id)
      if (row.state === 'running' || row.state === 'cancelling') return mustRead(db, id)
      if (row.state !== 'draft')
        throw new BulkRefusal(409, `This bulk refresh has ended (${row.state}); plan a new one`)
      await activating(async (tx) => {
        await tx.query(
          "UPDATE bulk_job SET state = 'running', started_at = now() WHERE id = $1 AND state = 'draft'",
          [id],
        )
        // Nothing to send (every company skipped): it is finished at once.
        await settleJob(tx, id)
      })
      return mustRead(db, id)
    },

    async cancel(id) {
      await db.transaction(async (tx) => {
        const [job] = await tx.query<{ state: BulkJob['state'] }>(
          'SELECT state FROM bulk_job WHERE id = $1 FOR UPDATE',
          [id],
        )
        if (!job || (job.state !== 'running' && job.state !== 'draft')) return
        await tx.query(
          `UPDATE bulk_item SET state = 'cancelled', claimed_by = NULL, claimed_until = NULL,
             updated_at = now()
           WHERE job_id = $1 AND state = 'queued'`,
          [id],
        )
        if (job.state === 'draft') {
          await tx.query(
            "UPDATE bulk_job SET state = 'cancelled', cancelled_at = now(), finished_at = now(), summary_alerted = true WHERE id = $1",
            [id],
          )
          return
        }
        await tx.query('UPDATE bulk_job SET cancelled_at = now() WHERE id = $1', [id])
        await settleJob(tx, id)
      })
      return mustRead(db, id)
    },

    async retry(id) {
      const job = await mustRead(db, id)
      if (job.state === 'draft') throw new BulkRefusal(409, 'This bulk refresh has not started yet')
      if (job.counts.failed + job.counts.unknown === 0) return job
      await activating(async (tx) => {
        await tx.query(
          `UPDATE bulk_item SET state = 'queued', tries = 0, error = NULL, dataset_id = NULL,
             answered_at = NULL, claimed_by = NULL, claimed_until = NULL, updated_at = now()
           WHERE job_id = $1 AND state IN ('failed', 'unknown')`,
          [id],
        )
        await tx.query(
          `UPDATE bulk_job SET state = 'running', cancelled_at = NULL, finished_at = NULL,
             summary_alerted = false
           WHERE id = $1`,
          [id],
        )
      })
      return mustRead(db, id)
    },

    job: (id, page) => readJob(db, id, page),

    async current() {
      const [row] = await db.query<{ id: string }>(
        `SELECT id FROM bulk_job WHERE state <> 'draft'
         ORDER BY state IN ('running', 'cancelling') DESC, started_at DESC NULLS LAST LIMIT 1`,
      )
      return row ? ((await readJob(db, row.id)) ?? null) : null
    },

    async claim(worker, limit, leaseMs) {
      if (limit <= 0) return []
      return db.transaction(async (tx) => {
        // Claims from every process take turns, so two never pick two items of one company.
        await tx.query('SELECT pg_advisory_xact_lock(7361003)')
        const candidates = await tx.query<{
          job_id: string
          position: number
          company_id: string
        }>(
          `SELECT i.job_id, i.position, i.company_id FROM bulk_item i
           JOIN bulk_job j ON j.id = i.job_id AND j.state = 'running'
           WHERE i.state = 'queued' AND (i.claimed_until IS NULL OR i.claimed_until < now())
             AND NOT EXISTS (SELECT 1 FROM bulk_item o WHERE o.company_id = i.company_id
               AND (o.state = 'sending' OR (o.state = 'queued' AND o.claimed_until >= now())))
           ORDER BY i.tries DESC, i.position LIMIT $1 FOR UPDATE OF i SKIP LOCKED`,
          [limit * 4],
        )
        const companies = new Set<string>()
        const chosen = candidates
          .filter((item) => {
            if (companies.has(item.company_id)) return false
            companies.add(item.company_id)
            return true
          })
          .slice(0, limit)
        if (chosen.length === 0) return []
        const rows = await tx.query<{
          job_id: string
          position: number
          company_id: string
          data_type: string | null
          connection_id: string | null
          tries: number
          created_by: string | null
        }>(
          `UPDATE bulk_item i SET claimed_by = $1,
             claimed_until = now() + $2::integer * interval '1 millisecond'
           FROM jsonb_to_recordset($3::jsonb) AS x(job_id text, position integer), bulk_job j
           WHERE i.job_id = x.job_id AND i.position = x.position AND j.id = i.job_id
           RETURNING i.job_id, i.position, i.company_id, i.data_type, i.connection_id, i.tries,
             j.created_by`,
          [
            worker,
            Math.round(leaseMs),
            JSON.stringify(chosen.map((c) => ({ job_id: c.job_id, position: c.position }))),
          ],
        )
        return rows
          .sort((a, b) => b.tries - a.tries || a.position - b.position)
          .map((row) => ({
            jobId: row.job_id,
            position: row.position,
            companyId: row.company_id,
            dataType: row.data_type,
            connectionId: row.connection_id,
            tries: row.tries + 1,
            createdBy: row.created_by,
          }))
      })
    },

    async markSending(worker, item, leaseMs) {
      const rows = await db.query(
        `UPDATE bulk_item SET state = 'sending', attempts = attempts + 1, tries = tries + 1,
           claimed_until = now() + $4::integer * interval '1 millisecond', updated_at = now()
         WHERE job_id = $1 AND position = $2 AND claimed_by = $3 AND state = 'queued'
           AND claimed_until >= now()
         RETURNING position`,
        [item.jobId, item.position, worker, Math.round(leaseMs)],
      )
      return rows.length === 1
    },

    async recordAnswer(worker, item, step, options = {}) {
      return db.transaction(async (tx) => {
        const countsAsTry = options.countsAsTry ?? true
        let rows: unknown[]
        if (step.next === 'retry')
          // Asked again (unless the job is being cancelled): first in the next claim.
          rows = await tx.query(
            `UPDATE bulk_item i SET claimed_by = NULL, claimed_until = NULL, error = $4,
               tries = CASE WHEN $5::boolean THEN i.tries ELSE GREATEST(i.tries - 1, 0) END,
               state = CASE WHEN j.cancelled_at IS NULL THEN 'queued' ELSE 'cancelled' END,
               updated_at = now()
             FROM bulk_job j
             WHERE j.id = i.job_id AND i.job_id = $1 AND i.position = $2 AND i.claimed_by = $3
               AND i.state = 'sending'
             RETURNING i.position`,
            [item.jobId, item.position, worker, step.error.slice(0, 500), countsAsTry],
          )
        else {
          const p = step.progress
          rows = await tx.query(
            `UPDATE bulk_item SET claimed_by = NULL, claimed_until = NULL, state = $4,
               dataset_id = COALESCE($5, dataset_id), error = $6, skip_reason = $7,
               answered_at = $8::timestamptz, updated_at = now()
             WHERE job_id = $1 AND position = $2 AND claimed_by = $3 AND state = 'sending'
             RETURNING position`,
            [
              item.jobId,
              item.position,
              worker,
              p.state,
              p.datasetId ?? null,
              p.error?.slice(0, 500) ?? null,
              p.skipReason ?? null,
              p.answeredAt ?? null,
            ],
          )
        }
        if (rows.length === 1) await settleJob(tx, item.jobId)
        return rows.length === 1
      })
    },

    async releaseClaims(worker) {
      await db.query(
        `UPDATE bulk_item SET claimed_by = NULL, claimed_until = NULL
         WHERE claimed_by = $1 AND state = 'queued'`,
        [worker],
      )
    },

    async expireSending() {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ job_id: string }>(
          `UPDATE bulk_item SET state = 'unknown', error = $1, claimed_by = NULL,
             claimed_until = NULL, updated_at = now()
           WHERE state = 'sending' AND claimed_until < now()
           RETURNING job_id`,
          [UNKNOWN_AFTER_STOP],
        )
        for (const jobId of new Set(rows.map((row) => row.job_id))) await settleJob(tx, jobId)
        return rows.length
      })
    },

    async applyReadings(records, now = Date.now()) {
      if (records.length === 0) return 0
      const byId = new Map(records.map((record) => [record.id, record]))
      return db.transaction(async (tx) => {
        const running = await tx.query<{
          job_id: string
          position: number
          company_id: string
          data_type: string | null
          dataset_id: string | null
          answered_at: Date | string | null
        }>(
          `SELECT job_id, position, company_id, data_type, dataset_id, answered_at FROM bulk_item
           WHERE state = 'running' AND company_id = ANY($1::text[])`,
          [[...byId.keys()]],
        )
        const changed = running.flatMap((item) => {
          const record = byId.get(item.company_id)
          const next =
            record &&
            itemAfterReading(
              {
                state: 'running',
                dataType: item.data_type,
                datasetId: item.dataset_id,
                answeredAt: iso(item.answered_at),
              },
              record,
              now,
            )
          return next ? [{ job_id: item.job_id, position: item.position, ...next }] : []
        })
        if (changed.length === 0) return 0
        await tx.query(
          `UPDATE bulk_item i SET state = x.state, error = x.error, updated_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS x(job_id text, position integer, state text, error text)
           WHERE i.job_id = x.job_id AND i.position = x.position AND i.state = 'running'`,
          [JSON.stringify(changed)],
        )
        for (const jobId of new Set(changed.map((item) => item.job_id))) await settleJob(tx, jobId)
        return changed.length
      })
    },

    expireRunning: (now) => db.transaction((tx) => expireRunning(tx, now)),

    async runningCompanies(limit) {
      const rows = await db.query<{ company_id: string; answered_at: Date | string | null }>(
        `SELECT company_id, max(answered_at) AS answered_at FROM bulk_item WHERE state = 'running'
         GROUP BY company_id ORDER BY min(answered_at) NULLS FIRST LIMIT $1`,
        [limit],
      )
      return rows.map((row) => ({ companyId: row.company_id, answeredAt: iso(row.answered_at) }))
    },

    async tellEnded(tell) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{
          id: string
          state: 'finished' | 'cancelled'
          created_by: string | null
        }>(
          `UPDATE bulk_job SET summary_alerted = true
           WHERE id IN (SELECT id FROM bulk_job WHERE state IN ('finished', 'cancelled')
             AND NOT summary_alerted AND started_at IS NOT NULL LIMIT 20 FOR UPDATE SKIP LOCKED)
           RETURNING id, state, created_by`,
        )
        const ended: EndedJob[] = []
        for (const row of rows) {
          const job = {
            id: row.id,
            state: row.state,
            createdBy: row.created_by,
            counts: await countsOf(tx, row.id),
          }
          await tell(tx, job)
          ended.push(job)
        }
        return ended
      })
    },

    async isBusy() {
      const [row] = await db.query<{ busy: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM bulk_job WHERE state IN ('running', 'cancelling')
             OR (state IN ('finished', 'cancelled') AND NOT summary_alerted
               AND started_at IS NOT NULL))
           OR EXISTS (SELECT 1 FROM bulk_item WHERE state IN ('sending', 'running')) AS busy`,
      )
      return row?.busy ?? false
    },
  }
}

/** Running items older than the follow limit, read against no newer reading: unknown. */
async function expireRunning(db: SqlRunner, now = Date.now()): Promise<number> {
  const rows = await db.query<{ job_id: string }>(
    `UPDATE bulk_item SET state = 'unknown', updated_at = now(),
       error = $2
     WHERE state = 'running' AND answered_at < $1::timestamptz
     RETURNING job_id`,
    [
      new Date(now - BULK_FOLLOW_LIMIT_MS).toISOString(),
      `Codat accepted it; no reading showed its end within ${BULK_FOLLOW_LIMIT_MS / 60_000} minutes`,
    ],
  )
  for (const jobId of new Set(rows.map((row) => row.job_id))) await settleJob(db, jobId)
  return rows.length
}
