// How long pull operations take: durations of finished pulls, median and percentiles.
import type { CodatDate } from './dates.ts'

export interface TimedOperation {
  status: string
  requested: CodatDate
  completed?: CodatDate | undefined
}

/** Request-to-completion times of the successful pulls, in ms; skewed (negative) ones dropped. */
export function completedDurations(operations: readonly TimedOperation[]): number[] {
  const durations: number[] = []
  for (const operation of operations) {
    if (operation.status !== 'Complete' || !operation.completed) continue
    const ms = operation.completed.epochMs - operation.requested.epochMs
    if (ms >= 0) durations.push(ms)
  }
  return durations
}

/**
 * The nearest-rank percentile (0 < p ≤ 100): the smallest value with at least p% of the values
 * at or below it. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]
}

export interface DurationStats {
  count: number
  medianMs: number
  p95Ms: number
}

export function durationStats(operations: readonly TimedOperation[]): DurationStats | undefined {
  const durations = completedDurations(operations)
  const medianMs = percentile(durations, 50)
  const p95Ms = percentile(durations, 95)
  if (medianMs === undefined || p95Ms === undefined) return undefined
  return { count: durations.length, medianMs, p95Ms }
}
