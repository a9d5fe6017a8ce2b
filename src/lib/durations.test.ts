import { describe, expect, it } from 'vitest'
import { parseCodatDate } from './dates.ts'
import { completedDurations, durationStats, percentile } from './durations.ts'

const at = (minutes: number) =>
  parseCodatDate(new Date(Date.UTC(2026, 10, 28) + minutes * 60_000).toISOString())!

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(10)
    expect(percentile(values, 95)).toBe(19)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 50)).toBeUndefined()
  })
})

describe('durationStats', () => {
  it('reads only successful, finished pulls and drops clock-skewed ones', () => {
    const ops = [
      { status: 'Complete', requested: at(0), completed: at(4) },
      { status: 'Complete', requested: at(0), completed: at(2) },
      { status: 'FetchError', requested: at(0), completed: at(90) },
      { status: 'Fetching', requested: at(0) },
      { status: 'Complete', requested: at(10), completed: at(5) },
    ]
    expect(completedDurations(ops)).toEqual([4 * 60_000, 2 * 60_000])
    expect(durationStats(ops)).toEqual({ count: 2, medianMs: 2 * 60_000, p95Ms: 4 * 60_000 })
    expect(durationStats([])).toBeUndefined()
  })
})
