// The console's bulk-refresh endpoints, request and answer, checked with zod by the server, the
// demo and the screen alike.
//
//   POST /api/fleet/bulk              { selection, scope } → 201 a draft job: the dry run, nothing sent
//   POST /api/fleet/bulk/{id}/start   → 200 the job, now running (a second start answers the same job)
//   POST /api/fleet/bulk/{id}/cancel  → 200 the job: queued items cancelled, those in flight finish
//   POST /api/fleet/bulk/{id}/retry   → 200 the job: failed and unknown items queued again
//   GET  /api/fleet/bulk/current      → 200 { job } the running job, else the latest started one, or null
//   GET  /api/fleet/bulk/{id}?state=&page=  → 200 the job with one page of its items
import { z } from 'zod'
import {
  BULK_ITEM_STATES,
  BULK_JOB_STATES,
  BULK_SCOPES,
  BULK_SKIP_REASONS,
  MAX_BULK_ITEMS,
} from '../lib/bulk-refresh.ts'
import { isUuid } from '../lib/uuid.ts'
import { fleetQuerySchema } from './fleet-schemas.ts'

const isoTimestamp = z.iso.datetime({ offset: true })
const companyId = z.string().refine(isUuid, 'is not a company ID (a UUID)')

/** The most companies a selection may name one by one; more are chosen by a filter. */
export const MAX_BULK_COMPANY_IDS = 1_000
export const BULK_ITEMS_PAGE_SIZE = 100

export const bulkScopeSchema = z.enum(BULK_SCOPES)
export const bulkItemStateSchema = z.enum(BULK_ITEM_STATES)
export const bulkSkipReasonSchema = z.enum(BULK_SKIP_REASONS)

/** The Fleet's filters, without sort and paging: "everything in this filter", read on the server. */
export const bulkFilterSchema = fleetQuerySchema
  .pick({ health: true, dataType: true, platform: true, q: true })
  .strict()
export type BulkFilter = z.infer<typeof bulkFilterSchema>

export const bulkSelectionSchema = z.union([
  z.object({ companyIds: z.array(companyId).min(1).max(MAX_BULK_COMPANY_IDS) }).strict(),
  z.object({ filter: bulkFilterSchema }).strict(),
])
export type BulkSelection = z.infer<typeof bulkSelectionSchema>

export const bulkRequestSchema = z.object({
  selection: bulkSelectionSchema,
  scope: bulkScopeSchema,
})
export type BulkRequest = z.infer<typeof bulkRequestSchema>

export const bulkItemSchema = z.object({
  /** Its place in the job, from 1. */
  position: z.number().int().min(1),
  companyId: z.string(),
  companyName: z.string(),
  /** Null: all data. */
  dataType: z.string().nullable(),
  connectionId: z.string().nullable(),
  connectionLabel: z.string(),
  state: bulkItemStateSchema,
  skipReason: bulkSkipReasonSchema.nullable(),
  datasetId: z.string().nullable(),
  /** Codat's words for a failure, or the console's when Codat sent none. */
  error: z.string().nullable(),
  attempts: z.number().int().min(0),
  updatedAt: isoTimestamp,
})
export type BulkItem = z.infer<typeof bulkItemSchema>

const countsSchema = z.object(
  Object.fromEntries(BULK_ITEM_STATES.map((state) => [state, z.number().int().min(0)])) as Record<
    (typeof BULK_ITEM_STATES)[number],
    z.ZodNumber
  >,
)

export const bulkJobSchema = z.object({
  id: z.string(),
  state: z.enum(BULK_JOB_STATES),
  scope: bulkScopeSchema,
  /** In words: "12 chosen companies", "every company with health failing". */
  selection: z.string(),
  /** Companies the selection held when the job was planned. */
  companies: z.number().int().min(0),
  createdBy: z.string().nullable(),
  createdAt: isoTimestamp,
  startedAt: isoTimestamp.nullable(),
  finishedAt: isoTimestamp.nullable(),
  cancelledAt: isoTimestamp.nullable(),
  /** Items by state; skipped ones include those the dry run left out. */
  counts: countsSchema,
  /** The dry run's skips by reason (Codat's later "already in progress" adds to in-progress). */
  skippedBy: z.partialRecord(bulkSkipReasonSchema, z.number().int().min(0)),
  /** Requests to send, by connection label ("Xero": 12). */
  byConnection: z.array(z.object({ label: z.string(), requests: z.number().int().min(0) })),
  estimate: z.object({
    requests: z.number().int().min(0),
    /** Share of the daily quota; null when Codat's X-Rate-Limit headers were not seen yet. */
    quotaShare: z.number().min(0).nullable(),
    overReserve: z.number().int().min(0),
    seconds: z.number().min(0),
    /** The quota reading the estimate was made from. */
    quota: z
      .object({
        limit: z.number(),
        remaining: z.number(),
        resetAt: isoTimestamp.nullable(),
        seenAt: isoTimestamp,
      })
      .nullable(),
    perMinute: z.number().int().min(1),
  }),
  /** One page of items, in the job's order, filtered by `state` when asked. */
  items: z.object({
    results: z.array(bulkItemSchema),
    pageNumber: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    totalResults: z.number().int().min(0),
  }),
})
export type BulkJob = z.infer<typeof bulkJobSchema>

export const currentBulkJobSchema = z.object({ job: bulkJobSchema.nullable() })

export const bulkItemsQuerySchema = z.object({
  state: bulkItemStateSchema.optional(),
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(Math.ceil(MAX_BULK_ITEMS / BULK_ITEMS_PAGE_SIZE))
    .optional(),
})
export type BulkItemsQuery = z.infer<typeof bulkItemsQuerySchema>
