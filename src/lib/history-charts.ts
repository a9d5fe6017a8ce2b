// What the company charts plot: pull operations per UTC day by outcome, and durations per type.
import type { CodatDate } from './dates.ts'
import { durationStats } from './durations.ts'
import { statusGroup } from './status-groups.ts'

const DAY = 86_400_000

export type Outcome = 'succeeded' | 'failed' | 'other'

export interface ChartOperation {
  dataType: string
  status: string
  requested: CodatDate
  completed?: CodatDate | undefined
}

/** Succeeded: Complete. Failed: an error or a needed relink. Other: running, cancelled, unknown. */
export function outcomeOf(status: string): Outcome {
  const group = statusGroup(status)
  if (group === 'success') return 'succeeded'
  if (group === 'error' || group === 'relink') return 'failed'
  return 'other'
}

export interface DailyOutcomes {
  /** UTC midnight of each day, oldest first; the last is today. */
  days: number[]
  succeeded: number[]
  failed: number[]
  other: number[]
}

/** Midnight UTC of the first day shown when the chart covers `days` days up to today. */
export function firstDay(days: number, nowMs: number): number {
  return Math.floor(nowMs / DAY) * DAY - (days - 1) * DAY
}

export function dailyOutcomes(
  operations: readonly ChartOperation[],
  days: number,
  nowMs: number,
): DailyOutcomes {
  const start = firstDay(days, nowMs)
  const result: DailyOutcomes = {
    days: Array.from({ length: days }, (_, i) => start + i * DAY),
    succeeded: new Array<number>(days).fill(0),
    failed: new Array<number>(days).fill(0),
    other: new Array<number>(days).fill(0),
  }
  for (const operation of operations) {
    const index = Math.floor((operation.requested.epochMs - start) / DAY)
    if (index < 0 || index >= days) continue
    const counts = result[outcomeOf(operation.status)]
    counts[index] = (counts[index] ?? 0) + 1
  }
  return result
}

export interface TypeDurations {
  dataType: string
  count: number
  medianMs: number
  p95Ms: number
}

/** Median and p95 of successful pulls per data type, slowest (by p95) first. */
export function durationsByType(operations: readonly ChartOperation[]): TypeDurations[] {
  const byType = new Map<string, ChartOperation[]>()
  for (const operation of operations) {
    const list = byType.get(operation.dataType) ?? []
    list.push(operation)
    byType.set(operation.dataType, list)
  }
  const rows: TypeDurations[] = []
  for (const [dataType, list] of byType) {
    const stats = durationStats(list)
    if (stats) rows.push({ dataType, ...stats })
  }
  return rows.sort((a, b) => b.p95Ms - a.p95Ms || a.dataType.localeCompare(b.dataType))
}
