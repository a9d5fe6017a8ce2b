// The console's own /api/fleet contract (request params and answer), shared by the server, the demo and the screen.
import { z } from 'zod'
import {
  fleetSortSchema,
  type FleetRowPage,
  type FleetRowQuery,
  type FleetSort,
} from '../lib/fleet-query.ts'
import type { FleetRow } from '../lib/fleet-row.ts'
import { COMPANY_HEALTHS, DATA_TYPE_HEALTHS } from '../lib/health.ts'

export const DEFAULT_FLEET_SORT: FleetSort = 'health'
export const DEFAULT_FLEET_PAGE_SIZE = 100
export const MAX_FLEET_PAGE_SIZE = 500
export const MAX_FLEET_NAME_QUERY = 200

/** Data type keys are camelCase words, with a `banking-`/`commerce-` prefix for some. */
const DATA_TYPE_KEY = /^[A-Za-z][A-Za-z0-9-]{0,63}$/

export const companyHealthSchema = z.enum(COMPANY_HEALTHS)
export const dataTypeHealthSchema = z.enum(DATA_TYPE_HEALTHS)

const isoTimestamp = z.iso.datetime({ offset: true })

/**
 * Strict parts of a fleet request; the server answers 400 when one fails. Repeated or empty
 * params count as absent. `q` matches names by every word, in any order, ignoring case and accents
 * (`lib/name-search.ts`), or an exact company ID.
 */
const fleetQueryFields = {
  health: companyHealthSchema,
  dataType: z.string().regex(DATA_TYPE_KEY),
  platform: z.string().min(1).max(100),
  q: z.string().trim().min(1).max(MAX_FLEET_NAME_QUERY),
  // Read as any text, so that the screen's URL type stays a plain string beside other routes' sorts.
  sort: z.string().pipe(fleetSortSchema),
  page: z.coerce.number().int().min(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_FLEET_PAGE_SIZE),
}

/** The server's reading of `GET /api/fleet?…`: every field optional, a bad one is an error. */
export const fleetQuerySchema = z.object({
  health: fleetQueryFields.health.optional(),
  dataType: fleetQueryFields.dataType.optional(),
  platform: fleetQueryFields.platform.optional(),
  q: fleetQueryFields.q.optional(),
  sort: fleetQueryFields.sort.optional(),
  page: fleetQueryFields.page.optional(),
  pageSize: fleetQueryFields.pageSize.optional(),
})
export type FleetQuery = z.infer<typeof fleetQuerySchema>

/**
 * The Fleet screen's URL: the same fields, but anything malformed falls back to its default
 * (a hand-edited or stale link still opens). Defaults are left out of the URL.
 */
export const fleetSearchSchema = z.object({
  health: fleetQueryFields.health.optional().catch(undefined),
  dataType: fleetQueryFields.dataType.optional().catch(undefined),
  platform: fleetQueryFields.platform.optional().catch(undefined),
  q: fleetQueryFields.q.optional().catch(undefined),
  sort: fleetQueryFields.sort.optional().catch(undefined),
  page: fleetQueryFields.page.optional().catch(undefined),
  pageSize: fleetQueryFields.pageSize.optional().catch(undefined),
})
export type FleetSearch = z.infer<typeof fleetSearchSchema>

/** A request with every default filled in. */
export type ResolvedFleetQuery = FleetQuery &
  Required<Pick<FleetQuery, 'sort' | 'page' | 'pageSize'>>

// The in-memory reference in src/lib reads this very request: this fails to compile if not.
const _sameQuery: [ResolvedFleetQuery, FleetRowQuery] extends [FleetRowQuery, ResolvedFleetQuery]
  ? true
  : never = true

export function resolveFleetQuery(query: FleetQuery): ResolvedFleetQuery {
  return {
    ...query,
    sort: query.sort ?? DEFAULT_FLEET_SORT,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? DEFAULT_FLEET_PAGE_SIZE,
  }
}

/** Reads URLSearchParams into a plain object for the schemas (the first of a repeated key wins). */
export function fleetParamsObject(params: URLSearchParams): Record<string, string> {
  const object: Record<string, string> = {}
  for (const key of Object.keys(fleetQueryFields)) {
    const value = params.get(key)
    if (value !== null && value !== '') object[key] = value
  }
  return object
}

/** One unhealthy data type of a company. */
export const fleetProblemSchema = z.object({
  dataType: z.string(),
  health: dataTypeHealthSchema,
  /** Codat's status verbatim; null when it sent none. */
  status: z.string().nullable(),
  /** When the type entered this health, if known. */
  since: isoTimestamp.nullable(),
  /** Failed reads since the last success, if known. */
  failuresInARow: z.number().int().min(0).nullable(),
})
export type FleetProblem = z.infer<typeof fleetProblemSchema>

export const fleetCompanySchema = z.object({
  id: z.string(),
  name: z.string(),
  health: companyHealthSchema,
  /** Platform names of the company's connections, without repeats. */
  platforms: z.array(z.string()),
  /** The oldest last successful sync among the company's types; null if none ever succeeded. */
  oldestLastSuccessfulSync: isoTimestamp.nullable(),
  /** When the console last read this company from Codat; null before the first read. */
  readAt: isoTimestamp.nullable(),
  problems: z.array(fleetProblemSchema),
  /** Why the last reading could not take the whole company; absent or null when it did. */
  readProblem: z.string().nullable().optional(),
})
export type FleetCompany = z.infer<typeof fleetCompanySchema>

// The pure row shape in src/lib and this schema must stay one shape: this fails to compile if not.
const _sameShape: [FleetCompany, FleetRow] extends [FleetRow, FleetCompany] ? true : never = true

/**
 * Why a webhook delivery was refused: signature headers missing or malformed; a timestamp more
 * than 5 minutes off; a well-formed signature that matches none of the configured secrets; a
 * body over the size cap or not sent in time.
 */
export const WEBHOOK_REFUSAL_REASONS = ['headers', 'stale', 'signature', 'body'] as const
export type WebhookRefusalReason = (typeof WEBHOOK_REFUSAL_REASONS)[number]

export const fleetWebhooksSchema = z.object({
  configured: z.boolean(),
  /** When the last delivery with a valid signature was accepted, by any console process. */
  lastEventAt: isoTimestamp.nullable(),
  /** Deliveries refused in the last hour, by every console process sharing the store. */
  refused: z.object({
    lastHour: z.number().int().min(0),
    lastAt: isoTimestamp.nullable(),
    /** Reasons as the server names them (see WEBHOOK_REFUSAL_REASONS); unknown ones are shown as such. */
    byReason: z.array(z.object({ reason: z.string(), count: z.number().int().min(0) })),
  }),
})
export type FleetWebhooks = z.infer<typeof fleetWebhooksSchema>

/** The webhook block of a console without CODAT_WEBHOOK_SECRET (and of the demo). */
export const WEBHOOKS_NOT_CONFIGURED: FleetWebhooks = {
  configured: false,
  lastEventAt: null,
  refused: { lastHour: 0, lastAt: null, byReason: [] },
}

/** The alert channel (ALERT_WEBHOOK_URL) as every console process sees it in the shared store. */
export const fleetAlertsSchema = z.object({
  configured: z.boolean(),
  lastSentAt: isoTimestamp.nullable(),
  /** Set while the last try failed; the next message sent clears it. */
  brokenSince: isoTimestamp.nullable(),
  /** The channel's answer to the last failed try, e.g. "HTTP 500: busy". */
  lastError: z.string().nullable(),
  lastErrorAt: isoTimestamp.nullable(),
  /** Messages not sent yet and not given up. */
  waiting: z.number().int().min(0),
})
export type FleetAlerts = z.infer<typeof fleetAlertsSchema>

/** `POST /api/fleet/alerts/test`: whether the channel took the test message, or its answer. */
export const alertTestResultSchema = z.object({
  isSent: z.boolean(),
  error: z.string().nullable(),
})
export type AlertTestResult = z.infer<typeof alertTestResultSchema>

/** How a message of the feed went: sent, waiting for a (re)try, given up, or shown in the page (the demo). */
export const ALERT_DELIVERIES = ['sent', 'waiting', 'given-up', 'shown'] as const

/** One message of `GET /api/fleet/alerts` (recent alerts): what was told, and how it went. */
export const recentAlertSchema = z.object({
  id: z.string(),
  /** `alert.change`, `alert.digest`…; kept as text so a kind added later still shows. */
  type: z.string(),
  at: isoTimestamp,
  title: z.string(),
  text: z.string(),
  /** Codat's words for the failure a change is about; null when it has none. */
  error: z.string().nullable(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  delivery: z.enum(ALERT_DELIVERIES),
  attempts: z.number().int().min(0),
  /** The channel's answer to the last failed try. */
  lastError: z.string().nullable(),
})
export type RecentAlert = z.infer<typeof recentAlertSchema>

/** The latest messages, newest first; `channel` null when alerts are off. */
export const recentAlertsSchema = z.object({
  channel: z.enum(['webhook', 'slack', 'in-page']).nullable(),
  items: z.array(recentAlertSchema),
})
export type RecentAlerts = z.infer<typeof recentAlertsSchema>
export const RECENT_ALERTS = 50

/** What the scanner says of itself; the scanning process publishes it for the others to show. */
export const scannerStatusSchema = z.object({
  state: z.enum(['idle', 'running', 'paused']),
  lastCompletedAt: isoTimestamp.nullable(),
  nextScanAt: isoTimestamp.nullable(),
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).nullable(),
  pausedUntil: isoTimestamp.nullable(),
  /** In words, e.g. "Codat rate limit". */
  pauseReason: z.string().nullable(),
  /** Why the last full scan's company list was not whole (it removed no company); null when it was. */
  lastScanPartial: z.string().nullable().optional(),
})
export type ScannerStatus = z.infer<typeof scannerStatusSchema>

/** The scan block of `GET /api/fleet`: the scanner's status, the webhooks, and the "Scan now" cool-down. */
export const fleetScanSchema = scannerStatusSchema.extend({
  webhooks: fleetWebhooksSchema,
  /** The live console's alert channel; the demo has none and leaves it out. */
  alerts: fleetAlertsSchema.optional(),
  /**
   * Until then "Scan now" is answered with the scan asked for moments ago (null: it may be asked
   * now); the demo's simulation has no cool-down and leaves it out.
   */
  nextRequestAt: isoTimestamp.nullable().optional(),
})
export type FleetScan = z.infer<typeof fleetScanSchema>

export const fleetSummarySchema = z.object({
  total: z.number().int().min(0),
  byHealth: z.record(companyHealthSchema, z.number().int().min(0)),
})
export type FleetSummary = z.infer<typeof fleetSummarySchema>

export const fleetPageSchema = z.object({
  results: z.array(fleetCompanySchema),
  pageNumber: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  totalResults: z.number().int().min(0),
})
export type FleetPage = z.infer<typeof fleetPageSchema>

// The in-memory reference pages the same way.
const _samePage: [FleetPage, FleetRowPage<FleetCompany>] extends [
  FleetRowPage<FleetCompany>,
  FleetPage,
]
  ? true
  : never = true

/** `GET /api/fleet`: the summary is over the whole fleet, not the filtered rows. */
export const fleetResponseSchema = z.object({
  summary: fleetSummarySchema,
  scan: fleetScanSchema,
  companies: fleetPageSchema,
})
export type FleetResponse = z.infer<typeof fleetResponseSchema>

/**
 * `POST /api/fleet/scan` answers 202 with the scan as it now stands, and whether this request
 * asked for a new one (`isNew: false`: a scan runs, or one was asked for moments ago).
 */
export const fleetScanAcceptedSchema = z.object({
  scan: fleetScanSchema,
  request: z.object({ isNew: z.boolean(), requestedAt: isoTimestamp.nullable() }).optional(),
})
export type FleetScanAccepted = z.infer<typeof fleetScanAcceptedSchema>
