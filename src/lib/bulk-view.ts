// Bulk refresh in words for the Fleet screen: item states, the dry run's figures, the job's progress.
import {
  BULK_ITEM_STATES,
  BULK_SKIP_REASONS,
  BULK_SKIP_WORDS,
  type BulkCounts,
  type BulkItemState,
  type BulkScope,
  type BulkSkipReason,
} from './bulk-refresh.ts'
import { formatDuration } from './dates.ts'

const count = new Intl.NumberFormat('en-GB')

export const BULK_SCOPE_LABELS: Readonly<Record<BulkScope, string>> = {
  failing: 'Failing types only',
  'failing-and-stale': 'Failing and stale types',
  all: 'All data',
}

export const BULK_SCOPE_HINTS: Readonly<Record<BulkScope, string>> = {
  failing: 'Each failing data type of each company, on the connection that serves it.',
  'failing-and-stale': 'Failing types, and types whose last success is older than the stale limit.',
  all: 'One “refresh all data” per company: every type on every linked connection.',
}

export const BULK_STATE_LABELS: Readonly<Record<BulkItemState, string>> = {
  queued: 'Queued',
  sending: 'Sending',
  running: 'Running at Codat',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  unknown: 'Unknown',
}

/** Badge tones, as the app's status badges use them. */
export const BULK_STATE_TONES: Readonly<Record<BulkItemState, string>> = {
  queued: 'neutral',
  sending: 'info',
  running: 'info',
  done: 'ok',
  failed: 'error',
  skipped: 'neutral',
  cancelled: 'neutral',
  unknown: 'warn',
}

export const formatCount = (value: number): string => count.format(value)

export const plural = (value: number, one: string, many: string): string =>
  `${count.format(value)} ${value === 1 ? one : many}`

/** The dry run's skips, most first: "14 · needs a relink first". */
export function skipSummary(
  skippedBy: Partial<Record<BulkSkipReason, number>>,
): { reason: BulkSkipReason; count: number; words: string }[] {
  return BULK_SKIP_REASONS.flatMap((reason) => {
    const value = skippedBy[reason] ?? 0
    return value > 0 ? [{ reason, count: value, words: BULK_SKIP_WORDS[reason] }] : []
  }).sort((a, b) => b.count - a.count)
}

/** "0.4 % of today’s Codat quota", or unknown when no X-Rate-Limit headers were seen. */
export function quotaShareText(share: number | null): string {
  if (share === null) return 'unknown: Codat’s limits not seen yet'
  const percent = share * 100
  if (percent > 0 && percent < 0.1) return 'under 0.1 % of today’s Codat quota'
  const digits = percent < 10 ? 1 : 0
  return `${percent.toFixed(digits)} % of today’s Codat quota`
}

/** "about 40 s" at the current limits; sending is the console's part, pulls run longer. */
export function sendingTimeText(seconds: number): string {
  if (seconds <= 0) return 'at once'
  return `about ${formatDuration(seconds * 1000)}`
}

/** States in the order a job moves through them, with how many items are in each. */
export function countsInOrder(counts: BulkCounts): { state: BulkItemState; count: number }[] {
  return BULK_ITEM_STATES.map((state) => ({ state, count: counts[state] }))
}

/** Items a job started with, and how many of them have ended. */
export function progressOf(counts: BulkCounts): { ended: number; total: number } {
  const total = BULK_ITEM_STATES.reduce((sum, state) => sum + counts[state], 0)
  const open = counts.queued + counts.sending + counts.running
  return { ended: total - open, total }
}
