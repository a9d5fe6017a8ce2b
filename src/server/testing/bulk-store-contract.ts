// Test-only: what every bulk refresh store must do, run on the embedded database and on PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BulkPlan, BulkStep } from '../../lib/bulk-refresh.ts'
import { company } from './fleet-store-contract.ts'
import type { Database } from '../store/database.ts'
import { migrate } from '../store/migrate.ts'
import {
  BulkRefusal,
  createBulkStore,
  UNKNOWN_AFTER_STOP,
  type BulkDraft,
  type BulkStore,
} from '../bulk/bulk-store.ts'

const target = (companyId: string, dataType: string | null = 'invoices') => ({
  companyId,
  companyName: `Company ${companyId}`,
  dataType,
  connectionId: null,
  connectionLabel: 'Xero',
})

export function draftOf(plan: BulkPlan, createdBy = 'ada'): BulkDraft {
  return {
    scope: 'failing',
    selection: `${plan.targets.length} chosen companies`,
    companies: plan.targets.length,
    createdBy,
    plan,
    summary: {
      skippedBy: {},
      byConnection: [{ label: 'Xero', requests: plan.targets.length }],
      estimate: {
        requests: plan.targets.length,
        quotaShare: null,
        overReserve: 0,
        seconds: 1,
        quota: null,
        perMinute: 60,
      },
    },
  }
}

const accepted = (datasetId: string): BulkStep => ({
  next: 'settled',
  progress: { state: 'running', datasetId, answeredAt: new Date().toISOString() },
})

export function describeBulkStore(label: string, open: () => Promise<Database>): void {
  describe(`bulk refresh store on ${label}`, () => {
    let db: Database
    let store: BulkStore
    beforeAll(async () => {
      db = await open()
      await migrate(db)
      store = createBulkStore(db)
    }, 90_000)
    afterAll(() => db.close())
    beforeEach(async () => {
      await db.query('TRUNCATE bulk_job, bulk_item CASCADE')
    })

    it('keeps a draft with its targets queued and its skips listed, and sends nothing', async () => {
      const job = await store.createDraft(
        draftOf({
          targets: [target('a'), target('b', null)],
          skips: [
            { companyId: 'c', companyName: 'Company c', dataType: 'bills', reason: 'needs-relink' },
          ],
        }),
      )
      expect(job).toMatchObject({ state: 'draft', createdBy: 'ada', startedAt: null })
      expect(job.counts).toMatchObject({ queued: 2, skipped: 1, sending: 0 })
      expect(job.items.results.map((item) => [item.position, item.companyId, item.state])).toEqual([
        [1, 'a', 'queued'],
        [2, 'b', 'queued'],
        [3, 'c', 'skipped'],
      ])
      expect(job.items.results[2]?.skipReason).toBe('needs-relink')
      const skipped = await store.job(job.id, { state: 'skipped' })
      expect(skipped?.items.totalResults).toBe(1)
      expect(await store.claim('w1', 10, 60_000)).toEqual([])
      expect(await store.current()).toBeNull()
    })

    it('starts a draft once: a second start answers the same job, a second job is refused', async () => {
      const first = await store.createDraft(draftOf({ targets: [target('a')], skips: [] }))
      const second = await store.createDraft(draftOf({ targets: [target('b')], skips: [] }, 'bob'))
      const started = await store.start(first.id)
      expect(started.state).toBe('running')
      expect(started.startedAt).not.toBeNull()
      const again = await store.start(first.id)
      expect(again.id).toBe(first.id)
      expect(again.startedAt).toBe(started.startedAt)
      const refused = await store.start(second.id).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(BulkRefusal)
      expect((refused as BulkRefusal).status).toBe(409)
      expect((refused as BulkRefusal).message).toMatch(
        /^A bulk refresh is already running: started by ada at \d{4}-/,
      )
      expect((await store.current())?.id).toBe(first.id)
    })

    it('lets only one of two drafts started at the same moment run', async () => {
      const drafts = await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          store.createDraft(draftOf({ targets: [target(id)], skips: [] })),
        ),
      )
      const outcomes = await Promise.allSettled(drafts.map((draft) => store.start(draft.id)))
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
      const [{ n }] = (await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM bulk_job WHERE state = 'running'",
      )) as [{ n: number }]
      expect(n).toBe(1)
    })

    it('finishes at once a job with nothing to send', async () => {
      const draft = await store.createDraft(
        draftOf({
          targets: [],
          skips: [
            { companyId: 'a', companyName: 'A', dataType: null, reason: 'nothing-to-refresh' },
          ],
        }),
      )
      const job = await store.start(draft.id)
      expect(job.state).toBe('finished')
      expect(job.finishedAt).not.toBeNull()
    })

    it('claims retries first, one item per company at a time, each for one worker', async () => {
      const draft = await store.createDraft(
        draftOf({
          targets: [target('a', 'invoices'), target('a', 'bills'), target('b'), target('c')],
          skips: [],
        }),
      )
      await store.start(draft.id)
      const first = await store.claim('w1', 10, 60_000)
      expect(first.map((item) => [item.companyId, item.position])).toEqual([
        ['a', 1],
        ['b', 3],
        ['c', 4],
      ])
      expect(first[0]).toMatchObject({ tries: 1, createdBy: 'ada', dataType: 'invoices' })
      // Another worker finds nothing: a's other item waits for a's first.
      expect(await store.claim('w2', 10, 60_000)).toEqual([])
      const [a, b] = first
      if (!a || !b) throw new Error('two claims expected')
      expect(await store.markSending('w2', a, 60_000)).toBe(false)
      expect(await store.markSending('w1', a, 60_000)).toBe(true)
      expect(await store.markSending('w1', b, 60_000)).toBe(true)
      // A 5xx: b goes back first in line; an answer from another worker is not kept.
      expect(
        await store.recordAnswer('w2', b, { next: 'retry', error: 'Codat answered 503' }),
      ).toBe(false)
      expect(
        await store.recordAnswer('w1', b, { next: 'retry', error: 'Codat answered 503' }),
      ).toBe(true)
      expect(await store.recordAnswer('w1', a, accepted('ds-1'))).toBe(true)
      const next = await store.claim('w2', 10, 60_000)
      expect(next.map((item) => [item.companyId, item.position, item.tries])).toEqual([
        ['b', 3, 2],
        ['a', 2, 1],
      ])
      const job = await store.job(draft.id)
      expect(job?.counts).toMatchObject({ running: 1, queued: 3 })
      expect(job?.items.results[0]).toMatchObject({
        state: 'running',
        datasetId: 'ds-1',
        attempts: 1,
      })
    })

    it('leaves an item whose sending lease ran out unknown, never to be sent again by itself', async () => {
      const draft = await store.createDraft(draftOf({ targets: [target('a')], skips: [] }))
      await store.start(draft.id)
      const [item] = await store.claim('w1', 1, 60_000)
      if (!item) throw new Error('a claim expected')
      expect(await store.markSending('w1', item, 1)).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(await store.expireSending()).toBe(1)
      expect(await store.claim('w2', 10, 60_000)).toEqual([])
      // The answer of the process that stopped, arriving late, is not kept either.
      expect(await store.recordAnswer('w1', item, accepted('late'))).toBe(false)
      const job = await store.job(draft.id)
      expect(job?.items.results[0]).toMatchObject({ state: 'unknown', error: UNKNOWN_AFTER_STOP })
      expect(job?.state).toBe('finished')
    })

    it('gives a claim that was never sent back to whoever claims next once its lease ends', async () => {
      const draft = await store.createDraft(draftOf({ targets: [target('a')], skips: [] }))
      await store.start(draft.id)
      expect(await store.claim('w1', 1, 1)).toHaveLength(1)
      await new Promise((resolve) => setTimeout(resolve, 20))
      const [taken] = await store.claim('w2', 1, 60_000)
      expect(taken?.companyId).toBe('a')
    })

    it('cancels: queued items at once, in-flight ones finish, then the job is cancelled', async () => {
      const draft = await store.createDraft(
        draftOf({ targets: [target('a'), target('b'), target('c')], skips: [] }),
      )
      await store.start(draft.id)
      const [a] = await store.claim('w1', 1, 60_000)
      if (!a) throw new Error('a claim expected')
      await store.markSending('w1', a, 60_000)
      const cancelling = await store.cancel(draft.id)
      expect(cancelling.state).toBe('cancelling')
      expect(cancelling.counts).toMatchObject({ cancelled: 2, sending: 1 })
      expect(await store.claim('w2', 10, 60_000)).toEqual([])
      await store.recordAnswer('w1', a, accepted('ds-a'))
      const cancelled = await store.job(draft.id)
      expect(cancelled?.state).toBe('cancelled')
      expect(cancelled?.counts).toMatchObject({ cancelled: 2, running: 1 })
      expect(cancelled?.cancelledAt).not.toBeNull()
    })

    it('retries failed and unknown items: queued again, the job running again', async () => {
      const draft = await store.createDraft(
        draftOf({ targets: [target('a'), target('b')], skips: [] }),
      )
      await store.start(draft.id)
      const claimed = await store.claim('w1', 2, 60_000)
      for (const item of claimed) await store.markSending('w1', item, 60_000)
      await store.recordAnswer('w1', claimed[0]!, {
        next: 'settled',
        progress: { state: 'failed', error: "Data connection not found: 'x'." },
      })
      await store.recordAnswer('w1', claimed[1]!, accepted('ds-b'))
      expect(
        await store.applyReadings([
          company('b', {
            readAt: new Date(Date.now() + 1000).toISOString(),
            dataTypes: [
              {
                dataType: 'invoices',
                status: 'Complete',
                lastSuccessfulSync: new Date().toISOString(),
                latestSyncId: 'ds-b',
                health: 'healthy',
                since: null,
                failuresInARow: null,
                readAt: new Date().toISOString(),
              },
            ],
          }),
        ]),
      ).toBe(1)
      const ended = await store.job(draft.id)
      expect(ended?.state).toBe('finished')
      expect(ended?.counts).toMatchObject({ failed: 1, done: 1 })
      expect(ended?.items.results[0]?.error).toBe("Data connection not found: 'x'.")
      const told: string[] = []
      const tell = (_tx: unknown, job: { id: string }) => {
        told.push(job.id)
        return Promise.resolve()
      }
      await store.tellEnded(tell)
      await store.tellEnded(tell)
      expect(told).toEqual([draft.id])
      const retried = await store.retry(draft.id)
      expect(retried.state).toBe('running')
      expect(retried.counts).toMatchObject({ queued: 1, done: 1 })
      const [again] = await store.claim('w2', 5, 60_000)
      expect(again).toMatchObject({ companyId: 'a', tries: 1 })
    })

    it('refuses a start of an unknown or ended job in words', async () => {
      const missing = await store
        .start('bulk_00000000-0000-0000-0000-000000000000')
        .catch((e: unknown) => e)
      expect((missing as BulkRefusal).status).toBe(404)
      const draft = await store.createDraft(draftOf({ targets: [target('a')], skips: [] }))
      await store.cancel(draft.id)
      const ended = await store.start(draft.id).catch((e: unknown) => e)
      expect((ended as BulkRefusal).status).toBe(409)
    })

    it('deletes drafts nobody started within the hour', async () => {
      const old = await store.createDraft(draftOf({ targets: [target('a')], skips: [] }))
      await db.query("UPDATE bulk_job SET created_at = now() - interval '2 hours' WHERE id = $1", [
        old.id,
      ])
      await store.createDraft(draftOf({ targets: [target('b')], skips: [] }))
      expect(await store.job(old.id)).toBeUndefined()
    })
  })
}
