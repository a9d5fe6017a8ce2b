// Bulk refresh of the fleet: the dry run (a draft), start, cancel, retry, the current job and one
// job's items, over the console's /api/fleet/bulk endpoints.
import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import {
  bulkJobSchema,
  currentBulkJobSchema,
  type BulkItemsQuery,
  type BulkJob,
  type BulkRequest,
} from './bulk-schemas.ts'
import { apiFetch } from './client.ts'
import { fleetKeys } from './fleet.ts'

const BULK = '/fleet/bulk'
const BULK_CURRENT = '/fleet/bulk/current'
const BULK_JOB = '/fleet/bulk/{id}'

/** A running job is followed this often; an ended one is not asked again. */
export const BULK_POLL_MS = 2_000
/**
 * A cancelled job can end with pulls still running at Codat (it stops sending, not them): their
 * ends are looked for this often, as the Fleet looks at the store between scans.
 */
export const BULK_TAIL_POLL_MS = 10_000

/**
 * Not under the Fleet's key: the Fleet is invalidated as items end, and a draft read again would
 * be a new dry run on the server.
 */
export const bulkKeys = {
  all: ['fleet-bulk'] as const,
  current: () => [...bulkKeys.all, 'current'] as const,
  job: (id: string) => [...bulkKeys.all, 'job', id] as const,
  items: (id: string, query: BulkItemsQuery) => [...bulkKeys.job(id), 'items', query] as const,
}

export const isBulkRunning = (job: BulkJob | null | undefined): boolean =>
  job?.state === 'running' || job?.state === 'cancelling'

export function bulkPollInterval(job: BulkJob | null | undefined): number | false {
  if (isBulkRunning(job)) return BULK_POLL_MS
  return job && job.counts.running > 0 ? BULK_TAIL_POLL_MS : false
}

export async function createBulkDraft(request: BulkRequest, signal?: AbortSignal) {
  return apiFetch('POST', BULK, { body: request, schema: bulkJobSchema, signal })
}

async function bulkAction(id: string, action: 'start' | 'cancel' | 'retry') {
  return apiFetch('POST', `${BULK_JOB}/${action}`, {
    pathParams: { id },
    schema: bulkJobSchema,
  })
}

export async function getCurrentBulkJob(signal?: AbortSignal) {
  return (await apiFetch('GET', BULK_CURRENT, { schema: currentBulkJobSchema, signal })).job
}

export async function getBulkJob(id: string, query: BulkItemsQuery, signal?: AbortSignal) {
  return apiFetch('GET', BULK_JOB, {
    pathParams: { id },
    query: { state: query.state, page: query.page },
    schema: bulkJobSchema,
    signal,
  })
}

export const bulkQueries = {
  /** The running job, else the latest started one: what the Fleet's job panel shows after a reload. */
  current: () =>
    queryOptions({
      queryKey: bulkKeys.current(),
      queryFn: ({ signal }) => getCurrentBulkJob(signal),
      refetchInterval: (q) => bulkPollInterval(q.state.data),
      refetchIntervalInBackground: false,
    }),
  /**
   * The dry run for a selection and scope. A POST, but it changes nothing anyone sees: each
   * selection and scope gets its own draft, asked for once while the dialog shows it.
   */
  draft: (request: BulkRequest) =>
    queryOptions({
      queryKey: [...bulkKeys.all, 'draft', request] as const,
      queryFn: ({ signal }) => createBulkDraft(request, signal),
      staleTime: Infinity,
      gcTime: 0,
    }),
  /** One page of a job's items, in one state or all; read again with each reading of the job. */
  items: (id: string, query: BulkItemsQuery) =>
    queryOptions({
      queryKey: bulkKeys.items(id, query),
      queryFn: ({ signal }) => getBulkJob(id, query, signal),
    }),
}

/** Puts the job the server answered in the current slot, then reads every view of it again. */
async function showJob(queryClient: QueryClient, job: BulkJob) {
  queryClient.setQueryData(bulkKeys.current(), job)
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: bulkKeys.job(job.id) }),
    queryClient.invalidateQueries({ queryKey: fleetKeys.all }),
  ])
}

/** Start, cancel and retry: each pending until the panel and the Fleet show its effect. */
export function useBulkAction(action: 'start' | 'cancel' | 'retry') {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => bulkAction(id, action),
    onSuccess: (job) => showJob(queryClient, job),
    // Refused, e.g. because someone else's job is running: show whatever job is current now.
    onError: () => queryClient.invalidateQueries({ queryKey: bulkKeys.current() }),
  })
}

/**
 * The current job, polled while it runs. Its items table is read again with each reading, so
 * the two agree; each time more items have ended, the Fleet is read again so its rows show the
 * pulls' outcome.
 */
export function useCurrentBulkJob() {
  const queryClient = useQueryClient()
  const current = useQuery(bulkQueries.current())
  const job = current.data
  const ended = job ? endedCount(job) : 0
  const readAt = current.dataUpdatedAt
  const seen = useRef<{ id: string; ended: number; readAt: number } | undefined>(undefined)
  useEffect(() => {
    if (!job) return
    const before = seen.current
    seen.current = { id: job.id, ended, readAt }
    if (before?.id !== job.id || before.readAt === readAt) return
    if (before.ended !== ended) void queryClient.invalidateQueries({ queryKey: fleetKeys.all })
    if (bulkPollInterval(job) !== false || before.ended !== ended)
      void queryClient.invalidateQueries({ queryKey: bulkKeys.job(job.id) })
  }, [job, ended, readAt, queryClient])
  return current
}

function endedCount(job: BulkJob): number {
  const { done, failed, skipped, cancelled, unknown } = job.counts
  return done + failed + skipped + cancelled + unknown
}
