import { describe, expect, it } from 'vitest'
import { parseCodatDate } from './dates.ts'
import { dailyOutcomes, durationsByType, outcomeOf } from './history-charts.ts'

const NOW = Date.UTC(2026, 10, 28, 15)
const at = (iso: string) => parseCodatDate(iso)!
const op = (dataType: string, status: string, requested: string, minutes?: number) => ({
  dataType,
  status,
  requested: at(requested),
  completed:
    minutes === undefined
      ? undefined
      : at(new Date(at(requested).epochMs + minutes * 60_000).toISOString()),
})

describe('outcomeOf', () => {
  it('groups statuses, drifted ones as other', () => {
    expect(outcomeOf('Complete')).toBe('succeeded')
    expect(outcomeOf('FetchError')).toBe('failed')
    expect(outcomeOf('AuthError')).toBe('failed')
    expect(outcomeOf('Cancelled')).toBe('other')
    expect(outcomeOf('Fetching')).toBe('other')
    expect(outcomeOf('complete')).toBe('other')
  })
})

describe('dailyOutcomes', () => {
  it('counts per UTC day over the range, today last, empty days as zero', () => {
    const result = dailyOutcomes(
      [
        op('bills', 'Complete', '2026-11-28T01:00:00Z'),
        op('bills', 'FetchError', '2026-11-28T23:30:00+01:00'),
        op('bills', 'Complete', '2026-11-22T00:00:00Z'),
        op('bills', 'Cancelled', '2026-11-26T10:00:00Z'),
        // Before the first day of the range: left out.
        op('bills', 'Complete', '2026-11-21T23:59:59Z'),
      ],
      7,
      NOW,
    )
    expect(result.days[0]).toBe(Date.UTC(2026, 10, 22))
    expect(result.days.at(-1)).toBe(Date.UTC(2026, 10, 28))
    expect(result.succeeded).toEqual([1, 0, 0, 0, 0, 0, 1])
    expect(result.failed).toEqual([0, 0, 0, 0, 0, 0, 1])
    expect(result.other).toEqual([0, 0, 0, 0, 1, 0, 0])
  })
})

describe('durationsByType', () => {
  it('gives median and p95 of successful pulls per type, slowest first', () => {
    const rows = durationsByType([
      op('bills', 'Complete', '2026-11-28T01:00:00Z', 2),
      op('bills', 'Complete', '2026-11-27T01:00:00Z', 4),
      op('bills', 'FetchError', '2026-11-26T01:00:00Z', 60),
      op('invoices', 'Complete', '2026-11-28T01:00:00Z', 10),
      op('items', 'Fetching', '2026-11-28T01:00:00Z'),
    ])
    expect(rows).toEqual([
      { dataType: 'invoices', count: 1, medianMs: 600_000, p95Ms: 600_000 },
      { dataType: 'bills', count: 2, medianMs: 120_000, p95Ms: 240_000 },
    ])
  })
})
