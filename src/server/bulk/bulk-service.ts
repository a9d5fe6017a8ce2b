// What the bulk routes ask of the fleet: a draft from a selection over the whole store (the dry run), start, cancel, retry, read.
import type { BulkFilter, BulkJob, BulkRequest, BulkItemsQuery } from '../../api/bulk-schemas.ts'
import { z } from 'zod'
import {
  estimateBulk,
  MAX_BULK_ITEMS,
  planBulkRefresh,
  type BulkLimits,
  type BulkPlan,
  type QuotaReading,
} from '../../lib/bulk-refresh.ts'
import type { CompanyRecord } from '../../lib/fleet-row.ts'
import type { FleetStore } from '../store/fleet-store.ts'
import { matchingCompanyIds } from '../store/fleet-query.ts'
import type { BulkPlanSummary, BulkStore } from './bulk-store.ts'

export interface BulkService {
  /** The dry run, kept as a draft: nothing is sent until it is started. */
  plan(request: BulkRequest, createdBy: string | null): Promise<BulkJob>
  start(id: string): Promise<BulkJob>
  cancel(id: string): Promise<BulkJob>
  retry(id: string): Promise<BulkJob>
  job(id: string, query: BulkItemsQuery): Promise<BulkJob | undefined>
  current(): Promise<BulkJob | null>
}

/** A selection the console will not plan: 400 with the numbers. */
export class BulkSelectionError extends Error {}

/** The fleet_state key the scanning process publishes Codat's last quota headers under. */
export const QUOTA_KEY = 'codat-quota'
export const quotaReadingSchema = z.object({
  limit: z.number(),
  remaining: z.number(),
  resetAt: z.string().nullable(),
  seenAt: z.string(),
})

const LOAD_BATCH = 500

function selectionWords(request: BulkRequest, companies: number): string {
  const { selection } = request
  if ('companyIds' in selection)
    return `${companies.toLocaleString('en-GB')} chosen ${companies === 1 ? 'company' : 'companies'}`
  return filterWords(selection.filter)
}

/** "every company with health failing, platform Xero, name or ID matching "acme"". */
export function filterWords(filter: BulkFilter): string {
  const parts = [
    filter.health && `health ${filter.health.replace(/_/g, ' ')}`,
    filter.dataType && `a problem with ${filter.dataType}`,
    filter.platform && `platform ${filter.platform}`,
    filter.q && `name or ID matching "${filter.q}"`,
  ].filter(Boolean)
  return parts.length === 0 ? 'every company' : `every company with ${parts.join(', ')}`
}

function summaryOf(
  plan: BulkPlan,
  limits: BulkLimits,
  quota: QuotaReading | null,
): BulkPlanSummary {
  const skippedBy: BulkPlanSummary['skippedBy'] = {}
  for (const skip of plan.skips) skippedBy[skip.reason] = (skippedBy[skip.reason] ?? 0) + 1
  const byLabel = new Map<string, number>()
  for (const target of plan.targets)
    byLabel.set(target.connectionLabel, (byLabel.get(target.connectionLabel) ?? 0) + 1)
  const estimate = estimateBulk(plan.targets.length, limits, quota)
  return {
    skippedBy,
    byConnection: [...byLabel]
      .map(([label, requests]) => ({ label, requests }))
      .sort((a, b) => b.requests - a.requests || a.label.localeCompare(b.label)),
    estimate: {
      ...estimate,
      quotaShare: estimate.quotaShare === null ? null : Math.max(0, estimate.quotaShare),
      quota,
      perMinute: Math.max(1, Math.round(limits.perMinute)),
    },
  }
}

export function createBulkService(options: {
  fleetStore: FleetStore
  bulkStore: BulkStore
  limits: BulkLimits
  /** A job was started or retried: the scanning process (this one or another) sends it. */
  started: () => Promise<void>
}): BulkService {
  const { fleetStore, bulkStore } = options

  async function companiesOf(request: BulkRequest): Promise<string[]> {
    const { selection } = request
    if ('companyIds' in selection) return [...new Set(selection.companyIds)]
    const { ids, total } = await matchingCompanyIds(fleetStore.db, selection.filter, MAX_BULK_ITEMS)
    if (total > MAX_BULK_ITEMS)
      throw new BulkSelectionError(
        `The filter selects ${total.toLocaleString('en-GB')} companies; a bulk refresh takes at most ${MAX_BULK_ITEMS.toLocaleString('en-GB')}. Narrow the filter.`,
      )
    return ids
  }

  return {
    async plan(request, createdBy) {
      const ids = await companiesOf(request)
      const records: CompanyRecord[] = []
      for (let at = 0; at < ids.length; at += LOAD_BATCH) {
        const batch = ids.slice(at, at + LOAD_BATCH)
        const found = await fleetStore.loadCompanies(batch)
        // In the selection's order; a company the store does not hold (yet) is left out.
        for (const id of batch) {
          const record = found.get(id)
          if (record) records.push(record)
        }
      }
      const plan = planBulkRefresh(records, request.scope)
      const items = plan.targets.length + plan.skips.length
      if (items > MAX_BULK_ITEMS)
        throw new BulkSelectionError(
          `The selection makes ${items.toLocaleString('en-GB')} requests and skips; a bulk refresh holds at most ${MAX_BULK_ITEMS.toLocaleString('en-GB')}. Narrow the selection or the scope.`,
        )
      const quota = (await fleetStore.getState(QUOTA_KEY, quotaReadingSchema)) ?? null
      return bulkStore.createDraft({
        scope: request.scope,
        selection: selectionWords(request, records.length),
        companies: records.length,
        createdBy,
        plan,
        summary: summaryOf(plan, options.limits, quota),
      })
    },
    async start(id) {
      const job = await bulkStore.start(id)
      await options.started()
      return job
    },
    cancel: (id) => bulkStore.cancel(id),
    async retry(id) {
      const job = await bulkStore.retry(id)
      await options.started()
      return job
    },
    job: (id, query) => bulkStore.job(id, query),
    current: () => bulkStore.current(),
  }
}
