// DataStatus per data type, derived from the pull operations exactly as Codat reports it.
import { formatCodatDate } from './codat-dates.ts'
import { endsAt, operationAt, type OperationPlan, type PullStatus } from './operation-lifecycle.ts'
import { DATA_TYPES } from './platforms.ts'

/** A never-synced type has only `dataType`, as Codat's docs show (the spec says otherwise). */
export interface DataStatusJson {
  dataType: string
  lastSuccessfulSync?: string
  currentStatus?: PullStatus
  latestSyncId?: string
  latestSuccessfulSyncId?: string
}

const byTypeOrder = (a: string, b: string): number => {
  const ia = DATA_TYPES.indexOf(a)
  const ib = DATA_TYPES.indexOf(b)
  return (ia < 0 ? DATA_TYPES.length : ia) - (ib < 0 ? DATA_TYPES.length : ib) || a.localeCompare(b)
}

/**
 * `offeredTypes` are listed even when never synced; types only seen in operations (for example
 * a NotSupported request) are listed too. Operations requested after `now` do not exist yet.
 */
export function deriveDataStatuses(
  offeredTypes: Iterable<string>,
  operations: readonly OperationPlan[],
  now: number,
): Record<string, DataStatusJson> {
  const latest = new Map<string, OperationPlan>()
  const latestSuccess = new Map<string, OperationPlan>()
  for (const plan of operations) {
    if (plan.requestedAt > now) continue
    const current = latest.get(plan.dataType)
    if (!current || plan.requestedAt > current.requestedAt) latest.set(plan.dataType, plan)
    if (plan.outcome === 'Complete' && endsAt(plan) <= now) {
      const success = latestSuccess.get(plan.dataType)
      if (!success || endsAt(plan) > endsAt(success)) latestSuccess.set(plan.dataType, plan)
    }
  }
  const types = [...new Set([...offeredTypes, ...latest.keys()])].sort(byTypeOrder)
  const statuses: Record<string, DataStatusJson> = {}
  for (const dataType of types) {
    const last = latest.get(dataType)
    const success = latestSuccess.get(dataType)
    statuses[dataType] = {
      dataType,
      ...(success && { lastSuccessfulSync: formatCodatDate(endsAt(success)) }),
      ...(last && { currentStatus: operationAt(last, now).status, latestSyncId: last.id }),
      ...(success && { latestSuccessfulSyncId: success.id }),
    }
  }
  return statuses
}
