import { describe, expect, it } from 'vitest'
import { emptyBulkCounts } from '../lib/bulk-refresh.ts'
import {
  BULK_POLL_MS,
  BULK_TAIL_POLL_MS,
  bulkPollInterval,
  createBulkDraft,
  getBulkJob,
  getCurrentBulkJob,
} from './bulk.ts'
import type { BulkJob } from './bulk-schemas.ts'
import { SEED } from '../mocks/seed.ts'

const job = (state: BulkJob['state'], running = 0) =>
  ({ state, counts: { ...emptyBulkCounts(), running } }) as BulkJob

describe('bulk refresh over the API', () => {
  it('polls every 2 s while a job runs or stops, and not at all once it ended', () => {
    expect(bulkPollInterval(job('running'))).toBe(BULK_POLL_MS)
    expect(bulkPollInterval(job('cancelling'))).toBe(BULK_POLL_MS)
    expect(bulkPollInterval(job('finished'))).toBe(false)
    expect(bulkPollInterval(null)).toBe(false)
    expect(bulkPollInterval(undefined)).toBe(false)
    // Cancelled with pulls still at Codat: their ends are looked for, less often.
    expect(bulkPollInterval(job('cancelled', 3))).toBe(BULK_TAIL_POLL_MS)
  })

  it('sends the selection and scope as JSON and reads the draft, then its items by state', async () => {
    expect(await getCurrentBulkJob()).toBeNull()
    const draft = await createBulkDraft({
      selection: { companyIds: [SEED.failing.id] },
      scope: 'failing',
    })
    expect(draft.state).toBe('draft')
    expect(draft.companies).toBe(1)
    const queued = await getBulkJob(draft.id, { state: 'queued' })
    expect(queued.items.totalResults).toBe(draft.estimate.requests)
    expect(queued.items.results.every((item) => item.state === 'queued')).toBe(true)
    await expect(getBulkJob('no-such-job', {})).rejects.toMatchObject({ status: 404 })
  })
})
