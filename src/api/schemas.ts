// Zod schemas for the Codat responses the console reads, tolerant of drift; types come from them.
import { z } from 'zod'
import { parseCodatDate } from '../lib/dates.ts'
import type { KnownStatus } from '../lib/status-groups.ts'

/**
 * A string Codat documents as an enum. Known members are typed for autocompletion; a new
 * member is kept verbatim (and shown as "unknown: X") instead of failing the whole response.
 */
type OpenEnum<Known extends string> = Known | (string & {})

function openEnum<Known extends string>() {
  // A cast, not a transform: the value is the string itself, and a transform would cost a pipe
  // per value on a page of 5,000 operations.
  return z.string() as z.ZodType<OpenEnum<Known>, string>
}

/** Every Codat timestamp, whatever its format, becomes a {@link CodatDate}. */
export const codatDateSchema = z.string().transform((raw, ctx) => {
  const date = parseCodatDate(raw)
  if (date) return date
  ctx.addIssue({ code: 'custom', message: `not a Codat date (${JSON.stringify(raw)})` })
  return z.NEVER
})

const validationItemSchema = z.object({
  itemId: z.string().nullable().optional(),
  message: z.string().nullable().optional(),
  validatorName: z.string().nullable().optional(),
})

/**
 * Codat's error body. No field is guaranteed, and a field of an unexpected type is dropped
 * rather than losing the rest: the body explains an error, it must never cause a new one.
 */
export const errorMessageSchema = z.object({
  statusCode: z.number().int().optional().catch(undefined),
  service: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  correlationId: z.string().optional().catch(undefined),
  validation: z
    .object({
      errors: z.array(validationItemSchema).nullable().optional(),
      warnings: z.array(validationItemSchema).nullable().optional(),
    })
    .nullable()
    .optional()
    .catch(undefined),
  // A string such as "Unknown", not a boolean.
  canBeRetried: z.string().optional().catch(undefined),
  detailedErrorCode: z.number().int().optional().catch(undefined),
})
export type ErrorMessage = z.infer<typeof errorMessageSchema>

// `href` is a relative path (`/companies/x/data/history?page=2`), so not `z.url()`; the spec
// does not require it either.
const halRefSchema = z.object({ href: z.string().optional() })

export const linksSchema = z.object({
  self: halRefSchema,
  current: halRefSchema,
  next: halRefSchema.optional(),
  previous: halRefSchema.optional(),
})
export type Links = z.infer<typeof linksSchema>

export const pagingInfoSchema = z.object({
  pageNumber: z.number().int(),
  // No maximum: the spec says 2000 here but accepts pageSize up to 5000 in requests.
  pageSize: z.number().int(),
  totalResults: z.number().int(),
  _links: linksSchema,
})
export type PagingInfo = z.infer<typeof pagingInfoSchema>

const dataConnectionErrorSchema = z.object({
  statusCode: z.string().optional(),
  statusText: z.string().optional(),
  errorMessage: z.string().optional(),
  erroredOnUtc: codatDateSchema.optional(),
  status: openEnum<'Active' | 'Resolved'>().nullable().optional(),
  resolvedOnUtc: codatDateSchema.nullable().optional(),
})

/**
 * The spec says `additionalProperties: false`, but Codat has already changed this object;
 * zod's default (strip unknown keys) keeps the console working when it changes again.
 */
export const connectionSchema = z.object({
  id: z.string(),
  integrationId: z.string(),
  // Optional since 2026-04.
  integrationKey: z.string().optional(),
  sourceId: z.string(),
  sourceType: openEnum<
    'Accounting' | 'Banking' | 'BankFeed' | 'Commerce' | 'Expense' | 'Other' | 'Unknown'
  >(),
  platformName: z.string(),
  linkUrl: z.string(),
  status: openEnum<'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'>(),
  lastSync: codatDateSchema.nullable().optional(),
  created: codatDateSchema,
  dataConnectionErrors: z.array(dataConnectionErrorSchema).nullable().optional(),
  connectionInfo: z.record(z.string(), z.unknown()).nullable().optional(),
})
export type Connection = z.infer<typeof connectionSchema>

const companyReferenceSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  links: z.object({ portal: z.string().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
})

export const companySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  redirect: z.string(),
  lastSync: codatDateSchema.nullable().optional(),
  created: codatDateSchema.optional(),
  createdByUserName: z.string().nullable().optional(),
  products: z.array(z.string()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  referenceParentCompany: companyReferenceSchema.nullable().optional(),
  referenceSubsidiaryCompanies: z.array(companyReferenceSchema).optional(),
  dataConnections: z.array(connectionSchema).optional(),
})
export type Company = z.infer<typeof companySchema>

export const companiesSchema = pagingInfoSchema.extend({
  results: z.array(companySchema).optional().default([]),
})
export type Companies = z.infer<typeof companiesSchema>

export const connectionsSchema = pagingInfoSchema.extend({
  results: z.array(connectionSchema).optional().default([]),
})
export type Connections = z.infer<typeof connectionsSchema>

const pullOperationStatusSchema = openEnum<KnownStatus>()

/** A data type's sync state. No `currentStatus` means it has never synced. */
export const dataStatusSchema = z.object({
  // A plain string: unknown and custom data types are shown, not rejected.
  dataType: z.string(),
  // Optional since 2025-03.
  lastSuccessfulSync: codatDateSchema.optional(),
  // Required by the spec, but absent for never-synced data types in practice.
  currentStatus: pullOperationStatusSchema.optional(),
  latestSyncId: z.string().optional(),
  latestSuccessfulSyncId: z.string().optional(),
})
export type DataStatus = z.infer<typeof dataStatusSchema>

/**
 * A map keyed by data type (the spec's fixed 43-key object has flip-flopped with a map).
 * Unknown data types are kept; the spec's nullable entries are dropped.
 */
export const dataStatusesSchema = z
  .record(z.string(), dataStatusSchema.nullable())
  .transform((entries) => {
    const statuses: Record<string, DataStatus> = {}
    for (const [key, value] of Object.entries(entries)) if (value) statuses[key] = value
    return statuses
  })
export type DataStatuses = z.infer<typeof dataStatusesSchema>

export const pullOperationSchema = z.object({
  id: z.string(),
  companyId: z.string(),
  connectionId: z.string(),
  // Free string: custom data types exist.
  dataType: z.string(),
  status: pullOperationStatusSchema,
  statusDescription: z.string().nullable().optional(),
  errorMessage: z.string().nullable().optional(),
  requested: codatDateSchema,
  // Absent while running.
  completed: codatDateSchema.optional(),
  progress: z.number().int(),
  isCompleted: z.boolean(),
  isErrored: z.boolean(),
})
export type PullOperation = z.infer<typeof pullOperationSchema>

export const pullOperationsSchema = pagingInfoSchema.extend({
  results: z.array(pullOperationSchema).optional().default([]),
})
export type PullOperations = z.infer<typeof pullOperationsSchema>

/** `['results', 3, 'requested']` → `results.3.requested`; the root is `(response)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(response)' : path.map(String).join('.')
}

/**
 * One line naming where the response broke, e.g.
 * `Invalid response from GET /companies/{companyId}/data/history: results.3.requested: not a
 * Codat date ("yesterday")`.
 */
export function describeZodError(error: z.ZodError, what: string): string {
  const [first, ...rest] = error.issues
  if (!first) return `Invalid response from ${what}`
  const more =
    rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  return `Invalid response from ${what}: ${formatIssuePath(first.path)}: ${first.message}${more}`
}
