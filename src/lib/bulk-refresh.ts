// Bulk refresh, as pure functions shared by the server, the demo and the screen: what a job
// would queue and skip (the dry run), what it costs against Codat's limits, how each item moves
// from queued to its end, and how a job's items add up.
import type { CompanyRecord, FleetConnection } from './fleet-row.ts'
import { needsRelink } from './health.ts'
import { servingConnections } from './serving-connections.ts'
import { isInProgress, statusGroup } from './status-groups.ts'

/** What to queue for each selected company. */
export const BULK_SCOPES = ['failing', 'failing-and-stale', 'all'] as const
export type BulkScope = (typeof BULK_SCOPES)[number]
export const DEFAULT_BULK_SCOPE: BulkScope = 'failing'

/** Why a company or one of its types is left out, in the dry run or when Codat says so. */
export const BULK_SKIP_REASONS = [
  'in-progress',
  'needs-relink',
  'no-linked-connection',
  'not-supported',
  'nothing-to-refresh',
] as const
export type BulkSkipReason = (typeof BULK_SKIP_REASONS)[number]

export const BULK_SKIP_WORDS: Readonly<Record<BulkSkipReason, string>> = {
  'in-progress': 'already in progress',
  'needs-relink': 'needs a relink first',
  'no-linked-connection': 'no linked connection',
  'not-supported': 'not supported by its platform',
  'nothing-to-refresh': 'nothing in scope to refresh',
}

/**
 * An item's life: queued until the sender takes it; sending while the request is with Codat;
 * running once Codat accepted it and the pull has not ended; then done, failed, skipped (Codat
 * said it was already in progress) or cancelled (never sent). `unknown`: Codat accepted it but
 * no reading showed its end within the follow limit, or the console stopped while the request
 * was with Codat, so whether it went is not known; it is never sent again by itself.
 */
export const BULK_ITEM_STATES = [
  'queued',
  'sending',
  'running',
  'done',
  'failed',
  'skipped',
  'cancelled',
  'unknown',
] as const
export type BulkItemState = (typeof BULK_ITEM_STATES)[number]

/** States an item never leaves by itself (a retry moves failed and unknown ones back). */
export const BULK_ENDED: ReadonlySet<BulkItemState> = new Set([
  'done',
  'failed',
  'skipped',
  'cancelled',
  'unknown',
])

export const BULK_JOB_STATES = ['draft', 'running', 'cancelling', 'cancelled', 'finished'] as const
export type BulkJobState = (typeof BULK_JOB_STATES)[number]

/** The most requests one job may hold: 10,000 companies' failing types fit many times over. */
export const MAX_BULK_ITEMS = 20_000
/** A pull Codat accepted whose end no reading showed in this long is marked unknown. */
export const BULK_FOLLOW_LIMIT_MS = 60 * 60_000
/** Tries of one item against 5xx and network errors before it fails. */
export const BULK_MAX_TRIES = 3

/** One request a job will send: a type of a company, or all its data (`dataType` null). */
export interface BulkTarget {
  companyId: string
  companyName: string
  /** Null: `POST /companies/{id}/data/all`. */
  dataType: string | null
  /** Null: Codat queues it on every connection that serves it. */
  connectionId: string | null
  /** "Xero", or "2 linked connections" when none is named. */
  connectionLabel: string
}

export interface BulkSkip {
  companyId: string
  companyName: string
  dataType: string | null
  reason: BulkSkipReason
}

export interface BulkPlan {
  targets: BulkTarget[]
  skips: BulkSkip[]
}

const isLinked = (connection: FleetConnection) => connection.status === 'Linked'

function connectionLabel(connections: readonly FleetConnection[]): string {
  if (connections.length === 1) return connections[0]?.platformName ?? 'one connection'
  return `${connections.length} linked connections`
}

function typesInScope(record: CompanyRecord, scope: BulkScope) {
  const healths = new Set(
    scope === 'failing' ? ['failing', 'needs_relink'] : ['failing', 'needs_relink', 'stale'],
  )
  return record.dataTypes.filter((type) => healths.has(type.health))
}

/**
 * The dry run: per company, the requests the scope asks for and what is left out and why. Types
 * come in the company's own order; companies in the order given.
 */
export function planBulkRefresh(records: readonly CompanyRecord[], scope: BulkScope): BulkPlan {
  const targets: BulkTarget[] = []
  const skips: BulkSkip[] = []
  for (const record of records) {
    const company = { companyId: record.id, companyName: record.name }
    const linked = record.connections.filter(isLinked)
    if (scope === 'all') {
      const skip = (reason: BulkSkipReason) => skips.push({ ...company, dataType: null, reason })
      if (linked.length === 0)
        skip(record.connections.some(needsRelink) ? 'needs-relink' : 'no-linked-connection')
      else if (
        record.dataTypes.length > 0 &&
        record.dataTypes.every((type) => type.health === 'not_supported')
      )
        skip('not-supported')
      else
        targets.push({
          ...company,
          dataType: null,
          connectionId: null,
          connectionLabel: connectionLabel(linked),
        })
      continue
    }
    const types = typesInScope(record, scope)
    if (types.length === 0) {
      skips.push({ ...company, dataType: null, reason: 'nothing-to-refresh' })
      continue
    }
    for (const type of types) {
      const skip = (reason: BulkSkipReason) =>
        skips.push({ ...company, dataType: type.dataType, reason })
      if (type.health === 'needs_relink') {
        skip('needs-relink')
        continue
      }
      if (isInProgress(type.status ?? undefined)) {
        skip('in-progress')
        continue
      }
      const serving = servingConnections(type.dataType, record.connections, [])
      const usable = serving.filter(isLinked)
      if (usable.length === 0) {
        skip(serving.some(needsRelink) ? 'needs-relink' : 'no-linked-connection')
        continue
      }
      targets.push({
        ...company,
        dataType: type.dataType,
        connectionId: usable.length === 1 ? (usable[0]?.id ?? null) : null,
        connectionLabel: connectionLabel(usable),
      })
    }
  }
  return { targets, skips }
}

/** What Codat's `X-Rate-Limit-*` headers last said; absent when none was seen yet. */
export interface QuotaReading {
  limit: number
  remaining: number
  /** When the quota refills (ISO-8601); null when Codat did not say. */
  resetAt: string | null
  seenAt: string
}

export interface BulkLimits {
  /** Requests a minute the console allows itself (FLEET_MAX_REQUESTS_PER_MINUTE). */
  perMinute: number
  /** Stop at this share of the quota left (FLEET_QUOTA_RESERVE). */
  quotaReserve: number
}

export interface BulkEstimate {
  requests: number
  /** The share of the daily quota the job spends (0..); null when no quota was seen. */
  quotaShare: number | null
  /** Requests that would fall below the reserve and wait for the quota to refill. */
  overReserve: number
  /** About how long sending takes at the current limits, in seconds (pulls run longer at Codat). */
  seconds: number
}

/** The job's cost against Codat's limits: the ideal the benchmark measures a run against. */
export function estimateBulk(
  requests: number,
  limits: BulkLimits,
  quota: QuotaReading | null,
): BulkEstimate {
  const perMinute = Math.max(1, limits.perMinute)
  const seconds = Math.ceil((Math.max(0, requests - 1) / perMinute) * 60)
  if (!quota || quota.limit <= 0)
    return { requests, quotaShare: null, overReserve: 0, seconds: requests === 0 ? 0 : seconds }
  const usable = Math.max(0, Math.floor(quota.remaining - quota.limit * limits.quotaReserve))
  return {
    requests,
    quotaShare: requests / quota.limit,
    overReserve: Math.max(0, requests - usable),
    seconds: requests === 0 ? 0 : seconds,
  }
}

/** A bulk item as the model moves it. */
export interface BulkItemProgress {
  state: BulkItemState
  datasetId: string | null
  /** Codat's words, or the console's when Codat sent none. */
  error: string | null
  skipReason: BulkSkipReason | null
  /** How many times it was sent. */
  attempts: number
  /** When Codat accepted it (ISO-8601), to tell a later reading from an earlier one. */
  answeredAt: string | null
}

/** How Codat answered one send; `retry` asks for the same item again (429, 5xx, network). */
export type BulkAnswer =
  { kind: 'answer'; status: number; body: unknown } | { kind: 'unreachable'; message: string }

export type BulkStep =
  | { next: 'retry'; error: string }
  | { next: 'settled'; progress: Partial<BulkItemProgress> & { state: BulkItemState } }

/** Codat's error body says `error`; the console's own (proxy) says the same. */
function codatWords(body: unknown, status: number): string {
  const error = (body as { error?: unknown } | null)?.error
  return typeof error === 'string' && error.trim() !== ''
    ? error.trim().slice(0, 500)
    : `Codat answered ${status}`
}

/**
 * What one answer to a refresh makes of its item. 200 with a pull operation: running with its
 * dataset ID (or already ended, when the pull came back ended). 204 (all data): running.
 * `DatasetAlreadyInProgressException` (with any 4xx): skipped, in progress. 429, 5xx and no answer: retried
 * (the rate gate waits out Retry-After) until `BULK_MAX_TRIES`. Any other 4xx: failed, with
 * Codat's words.
 */
export function itemAfterAnswer(answer: BulkAnswer, attempts: number, at: string): BulkStep {
  const giveUp = attempts >= BULK_MAX_TRIES
  if (answer.kind === 'unreachable')
    return giveUp
      ? { next: 'settled', progress: { state: 'failed', error: answer.message } }
      : { next: 'retry', error: answer.message }
  const { status, body } = answer
  if (status === 204) return { next: 'settled', progress: { state: 'running', answeredAt: at } }
  if (status >= 200 && status < 300) {
    const operation = body as { id?: unknown; status?: unknown } | null
    const datasetId = typeof operation?.id === 'string' ? operation.id.slice(0, 64) : null
    const pullStatus = typeof operation?.status === 'string' ? operation.status : undefined
    return {
      next: 'settled',
      progress: { ...endOfPull(pullStatus), datasetId, answeredAt: at },
    }
  }
  const words = codatWords(body, status)
  // No status code is documented for it (400 is likely, 409 possible): its name decides.
  if (status >= 400 && status < 500 && /DatasetAlreadyInProgress/i.test(words))
    return {
      next: 'settled',
      progress: { state: 'skipped', skipReason: 'in-progress', error: words },
    }
  if (status === 429) return { next: 'retry', error: words }
  if (status >= 500 || status === 408)
    return giveUp
      ? { next: 'settled', progress: { state: 'failed', error: words } }
      : { next: 'retry', error: words }
  return { next: 'settled', progress: { state: 'failed', error: words } }
}

/** A pull's status as an item's state: running until it ends, then done or failed. */
function endOfPull(status: string | undefined): Pick<BulkItemProgress, 'state' | 'error'> {
  if (status === undefined || isInProgress(status)) return { state: 'running', error: null }
  const group = statusGroup(status)
  if (group === 'success') return { state: 'done', error: null }
  return { state: 'failed', error: `The pull ended ${status}` }
}

/**
 * A running item against a fresh reading of its company: ended when the reading shows its pull
 * (or, for all data, the company read after Codat accepted it with nothing in progress). Unknown
 * once the follow limit passes without an end. Undefined: no change.
 */
export function itemAfterReading(
  item: Pick<BulkItemProgress, 'state' | 'datasetId' | 'answeredAt'> & { dataType: string | null },
  record: CompanyRecord,
  now: number,
): Pick<BulkItemProgress, 'state' | 'error'> | undefined {
  if (item.state !== 'running') return undefined
  const answeredAt = item.answeredAt === null ? 0 : Date.parse(item.answeredAt)
  const readAt = record.readAt === null ? 0 : Date.parse(record.readAt)
  const timedOut = now - answeredAt > BULK_FOLLOW_LIMIT_MS
  const unknown = {
    state: 'unknown' as const,
    error: `Codat accepted it; no reading showed its end within ${BULK_FOLLOW_LIMIT_MS / 60_000} minutes`,
  }
  if (item.dataType === null) {
    if (readAt <= answeredAt || record.hasInProgress) return timedOut ? unknown : undefined
    const failed = record.dataTypes.filter((type) => type.health === 'failing')
    return failed.length === 0
      ? { state: 'done', error: null }
      : {
          state: 'failed',
          error: `${failed.length} type${failed.length === 1 ? '' : 's'} still failing: ${failed
            .slice(0, 5)
            .map((type) => `${type.dataType} (${type.status ?? 'unknown'})`)
            .join(', ')}`,
        }
  }
  const type = record.dataTypes.find((candidate) => candidate.dataType === item.dataType)
  const isOurs =
    type !== undefined &&
    (item.datasetId === null ? readAt > answeredAt : type.latestSyncId === item.datasetId)
  if (!type || !isOurs || isInProgress(type.status ?? undefined))
    return timedOut ? unknown : undefined
  return endOfPull(type.status ?? undefined)
}

export type BulkCounts = Record<BulkItemState, number>

export function emptyBulkCounts(): BulkCounts {
  return Object.fromEntries(BULK_ITEM_STATES.map((state) => [state, 0])) as BulkCounts
}

/**
 * A started job's state from its items: running while any is queued, sending or running;
 * cancelling until the ones in flight are answered; then cancelled or finished.
 */
export function jobStateOf(
  counts: BulkCounts,
  isCancelRequested: boolean,
): Exclude<BulkJobState, 'draft'> {
  const inFlight = counts.sending
  const open = counts.queued + counts.sending + counts.running
  if (isCancelRequested) return inFlight > 0 ? 'cancelling' : 'cancelled'
  return open > 0 ? 'running' : 'finished'
}
