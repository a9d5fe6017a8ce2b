// What happened to a data type after an old pull: an old failure matters less once a later pull
// succeeded, and the next step should say so rather than "refresh again later".
import type { DataStatus, PullOperation } from '../../api/schemas.ts'
import { formatAbsolute, type FormatAbsoluteOptions } from '../../lib/dates.ts'
import { isInProgress, statusGroup } from '../../lib/status-groups.ts'

export interface LaterOutcome {
  kind: 'succeeded-since' | 'running-now' | 'failed-since'
  text: string
  /** The newest pull of the data type, to open. */
  latestId?: string
}

/**
 * Undefined when the operation is the newest of its type, did not fail, or the data status is
 * not known: the status's own guidance then stands.
 */
export function laterOutcome(
  operation: Pick<PullOperation, 'id' | 'status' | 'requested'>,
  dataStatus: DataStatus | undefined,
  /** The zone to name times in; omitted, the browser's. */
  { timeZone }: Pick<FormatAbsoluteOptions, 'timeZone'> = {},
): LaterOutcome | undefined {
  const group = statusGroup(operation.status)
  if (group === 'success' || group === 'in-progress') return undefined
  if (!dataStatus?.latestSyncId || dataStatus.latestSyncId === operation.id) return undefined
  const latestId = dataStatus.latestSyncId
  const success = dataStatus.lastSuccessfulSync
  const succeededSince =
    success !== undefined &&
    success.epochMs > operation.requested.epochMs &&
    dataStatus.latestSuccessfulSyncId !== operation.id
  if (isInProgress(dataStatus.currentStatus)) {
    return {
      kind: 'running-now',
      text: `A newer pull of this data type is running now: follow it rather than refreshing again.${
        succeededSince
          ? ` One already succeeded since, on ${formatAbsolute(success, { timeZone })}.`
          : ''
      }`,
      latestId,
    }
  }
  const current = dataStatus.currentStatus
  if (current !== undefined && statusGroup(current) === 'success' && succeededSince) {
    return {
      kind: 'succeeded-since',
      text: `A later pull succeeded on ${formatAbsolute(success, { timeZone })}: the data is up to date as of then, so there is nothing to do about this one.`,
      latestId,
    }
  }
  return {
    kind: 'failed-since',
    text: succeededSince
      ? `A later pull succeeded on ${formatAbsolute(success, { timeZone })}, but the newest one ended in ${current ?? 'an unknown state'}: look at that one first.`
      : `Later pulls did not succeed either; the newest ended in ${current ?? 'an unknown state'}: look at that one first.`,
    latestId,
  }
}
