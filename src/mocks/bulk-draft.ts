// A demo bulk job as planned: the chosen companies' records through the shared dry run, with its
// cost against the simulation's limits; and the shapes the demo keeps jobs in.
import { DEFAULT_FLEET_SORT } from '../api/fleet-schemas.ts'
import type { BulkFilter, BulkItem, BulkJob, BulkRequest } from '../api/bulk-schemas.ts'
import {
  estimateBulk,
  MAX_BULK_ITEMS,
  planBulkRefresh,
  type BulkLimits,
  type BulkScope,
  type BulkSkipReason,
} from '../lib/bulk-refresh.ts'
import { fleetRowOf, type CompanyRecord } from '../lib/fleet-row.ts'
import { queryFleetRows } from '../lib/fleet-query.ts'
import type { RateLimitInfo } from './world.ts'

/** The console's default FLEET_QUOTA_RESERVE. */
const DEMO_QUOTA_RESERVE = 0.2

export type SimItem = Omit<BulkItem, 'updatedAt'> & {
  updatedAt: number
  /** While sending: when Codat answers. */
  answerAt: number | null
  /** When Codat accepted it, to tell a later reading from an earlier one. */
  answeredAt: string | null
}

export interface SimJob {
  id: string
  scope: BulkScope
  selection: string
  companies: number
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  cancelledAt: number | null
  isCancelRequested: boolean
  items: SimItem[]
  skippedBy: Partial<Record<BulkSkipReason, number>>
  byConnection: { label: string; requests: number }[]
  estimate: BulkJob['estimate']
  nextSendAt: number
}

/** Why a request was refused, as the console's error body gives it. */
export class BulkRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

/** A filter in words: "every company with health failing and platform Xero". */
export function filterWords(filter: BulkFilter): string {
  const parts = [
    filter.health && `health ${filter.health}`,
    filter.dataType && `a problem with ${filter.dataType}`,
    filter.platform && `platform ${filter.platform}`,
    filter.q && `a name matching “${filter.q}”`,
  ].filter(Boolean)
  return parts.length === 0
    ? 'every company in the fleet'
    : `every company with ${parts.join(' and ')}`
}

export interface DraftContext {
  now: number
  id: string
  perMinute: number
  /** What the last X-Rate-Limit headers said. */
  quota: RateLimitInfo
}

/** The dry run as a draft job: every target queued, every skip skipped; nothing is sent. */
export function draftJob(
  records: readonly CompanyRecord[],
  { selection, scope }: BulkRequest,
  { now, id, perMinute, quota }: DraftContext,
): SimJob {
  let chosen: CompanyRecord[]
  let words: string
  if ('companyIds' in selection) {
    const wanted = new Set(selection.companyIds.map((id) => id.toLowerCase()))
    chosen = records.filter((record) => wanted.has(record.id.toLowerCase()))
    words = `${chosen.length} chosen ${chosen.length === 1 ? 'company' : 'companies'}`
  } else {
    // The same reading of the filter as GET /api/fleet's, over the whole fleet.
    const byId = new Map(records.map((record) => [record.id, record]))
    const rows = queryFleetRows(records.map(fleetRowOf), {
      ...selection.filter,
      sort: DEFAULT_FLEET_SORT,
      page: 1,
      pageSize: Number.MAX_SAFE_INTEGER,
    }).results
    chosen = rows.flatMap((row) => byId.get(row.id) ?? [])
    words = filterWords(selection.filter)
  }
  const plan = planBulkRefresh(chosen, scope)
  if (plan.targets.length + plan.skips.length > MAX_BULK_ITEMS)
    throw new BulkRefusal(
      422,
      `That is ${plan.targets.length} requests; one job holds at most ${MAX_BULK_ITEMS}. Narrow the filter.`,
    )
  const byConnection = new Map<string, number>()
  for (const target of plan.targets)
    byConnection.set(target.connectionLabel, (byConnection.get(target.connectionLabel) ?? 0) + 1)
  const skippedBy: Partial<Record<BulkSkipReason, number>> = {}
  for (const skip of plan.skips) skippedBy[skip.reason] = (skippedBy[skip.reason] ?? 0) + 1
  const limits: BulkLimits = { perMinute: perMinute, quotaReserve: DEMO_QUOTA_RESERVE }
  const reading = {
    limit: quota.limit,
    remaining: quota.remaining,
    resetAt: iso(quota.resetAt),
    seenAt: iso(now),
  }
  type Fresh = Omit<
    SimItem,
    'position' | 'updatedAt' | 'answerAt' | 'answeredAt' | 'attempts' | 'datasetId' | 'error'
  >
  const item = (fields: Fresh, index: number): SimItem => ({
    ...fields,
    position: index + 1,
    datasetId: null,
    error: null,
    attempts: 0,
    updatedAt: now,
    answerAt: null,
    answeredAt: null,
  })
  const items = [
    ...plan.targets.map((target) => ({ ...target, state: 'queued' as const, skipReason: null })),
    ...plan.skips.map((skip) => ({
      ...skip,
      connectionId: null,
      connectionLabel: '',
      state: 'skipped' as const,
      skipReason: skip.reason,
    })),
  ].map(item)
  const job: SimJob = {
    id,
    scope,
    selection: words,
    companies: chosen.length,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    cancelledAt: null,
    isCancelRequested: false,
    items,
    skippedBy,
    byConnection: [...byConnection].map(([label, requests]) => ({ label, requests })),
    estimate: {
      ...estimateBulk(plan.targets.length, limits, reading),
      quota: reading,
      perMinute: perMinute,
    },
    nextSendAt: now,
  }
  return job
}
