import { describe, expect, it } from 'vitest'
import { parseCodatDate, type CodatDate } from './dates.ts'
import {
  describeFailureRun,
  findFailureRun,
  formatShortTime,
  type RunOperation,
} from './failure-run.ts'

function date(raw: string): CodatDate {
  const parsed = parseCodatDate(raw)
  if (!parsed) throw new Error(`bad date ${raw}`)
  return parsed
}

let next = 0
function op(status: string, requested: string, errorMessage?: string): RunOperation {
  next++
  return { id: `op-${next}`, status, requested: date(requested), errorMessage }
}

const UTC = { timeZone: 'UTC' }

describe('describeFailureRun', () => {
  it('names the type, the status, the count and when the run began', () => {
    expect(
      describeFailureRun(
        {
          dataType: 'invoices',
          status: 'FetchError',
          since: '2026-11-28T21:05:00Z',
          failuresInARow: 3,
        },
        UTC,
      ),
    ).toBe('invoices: FetchError, 3 failures in a row since 28 Nov 2026, 21:05 UTC')
  })

  it('says "once" for a single failure and "at least" for a run longer than what was read', () => {
    expect(
      describeFailureRun(
        { dataType: 'bills', status: 'MapError', since: '2026-11-28T21:05:00Z', failuresInARow: 1 },
        UTC,
      ),
    ).toBe('bills: MapError, failed once, on 28 Nov 2026, 21:05 UTC')
    expect(
      describeFailureRun(
        {
          status: 'FetchError',
          since: '2026-11-01T00:00:00Z',
          failuresInARow: 50,
          isAtLeast: true,
        },
        UTC,
      ),
    ).toBe('FetchError, at least 50 failures in a row since 1 Nov 2026, 00:00 UTC')
  })

  it('leaves out what is unknown and still reads as a sentence', () => {
    expect(describeFailureRun({ dataType: 'bills', since: null, failuresInARow: null })).toBe(
      'bills, failing',
    )
    expect(describeFailureRun({ since: null, failuresInARow: 4 })).toBe('4 failures in a row')
    expect(describeFailureRun({ since: '2026-11-28T21:05:00Z', failuresInARow: null }, UTC)).toBe(
      'Failing since 28 Nov 2026, 21:05 UTC',
    )
    expect(describeFailureRun({ status: null, since: null, failuresInARow: 0 })).toBe('Failing')
  })

  it('shows the time in the zone asked for', () => {
    const text = describeFailureRun(
      { since: '2026-11-28T21:05:00Z', failuresInARow: 2 },
      { timeZone: 'Europe/Berlin' },
    )
    expect(text).toBe('2 failures in a row since 28 Nov 2026, 22:05 CET')
  })

  it('marks a zone-less time instead of converting it, and keeps text it cannot read', () => {
    expect(
      describeFailureRun(
        { since: '2026-11-28T16:05:00', failuresInARow: 2 },
        { timeZone: 'Europe/Berlin' },
      ),
    ).toBe('2 failures in a row since 28 Nov 2026, 16:05 (no zone given, shown as UTC)')
    expect(describeFailureRun({ since: 'yesterday', failuresInARow: 2 })).toBe(
      '2 failures in a row since yesterday',
    )
  })
})

describe('formatShortTime', () => {
  it('formats parsed dates, offsets and date-only values', () => {
    expect(formatShortTime(date('2026-11-28T22:05:00+01:00'), UTC)).toBe('28 Nov 2026, 21:05 UTC')
    expect(formatShortTime('2026-11-28', UTC)).toBe('28 Nov 2026')
  })
})

describe('findFailureRun', () => {
  it('counts the failures since the last success, newest first, whatever the page order', () => {
    const history = [
      op('Complete', '2026-11-25T02:00:00Z'),
      op('FetchError', '2026-11-26T02:00:00Z', 'Timeout reading invoices'),
      op('FetchError', '2026-11-28T02:00:00Z', 'Timeout reading invoices'),
      op('FetchError', '2026-11-27T02:00:00Z', 'Timeout reading invoices'),
      op('Complete', '2026-11-24T02:00:00Z'),
    ]
    const run = findFailureRun(history, history.length)
    expect(run?.failuresInARow).toBe(3)
    expect(run?.since.raw).toBe('2026-11-26T02:00:00Z')
    expect(run?.failures.map((f) => f.requested.raw)).toEqual([
      '2026-11-28T02:00:00Z',
      '2026-11-27T02:00:00Z',
      '2026-11-26T02:00:00Z',
    ])
    expect(run?.isAtLeast).toBe(false)
    expect(run?.hasErrorChanged).toBe(false)
    expect(run?.firstError).toBe('Timeout reading invoices')
  })

  it('tells the first error from the latest when it changed', () => {
    const run = findFailureRun([
      op('MapError', '2026-11-28T02:00:00Z', 'Mapping failed: unknown currency XYZ'),
      op('FetchError', '2026-11-27T02:00:00Z', 'Timeout'),
      op('Complete', '2026-11-26T02:00:00Z'),
    ])
    expect(run?.hasErrorChanged).toBe(true)
    expect(run?.firstError).toBe('Timeout')
    expect(run?.latestError).toBe('Mapping failed: unknown currency XYZ')
  })

  it('counts AuthError and legacy RoutingError as failures, skips a running pull on top', () => {
    const run = findFailureRun([
      op('Fetching', '2026-11-29T02:00:00Z'),
      op('AuthError', '2026-11-28T02:00:00Z'),
      op('RoutingError', '2026-11-27T02:00:00Z'),
      op('Complete', '2026-11-26T02:00:00Z'),
    ])
    expect(run?.failuresInARow).toBe(2)
  })

  it('is a lower bound when every operation read failed and Codat holds more', () => {
    const page = [
      op('FetchError', '2026-11-28T02:00:00Z'),
      op('FetchError', '2026-11-27T02:00:00Z'),
    ]
    expect(findFailureRun(page, 40)?.isAtLeast).toBe(true)
    expect(findFailureRun(page, 2)?.isAtLeast).toBe(false)
    expect(findFailureRun(page)?.isAtLeast).toBe(false)
  })

  it('finds no run when the latest finished pull succeeded, or a new status ends it', () => {
    expect(findFailureRun([op('Complete', '2026-11-28T02:00:00Z')])).toBeUndefined()
    expect(findFailureRun([])).toBeUndefined()
    // "complete" in the wrong case is not Complete: it is a status this console does not know.
    expect(
      findFailureRun([
        op('complete', '2026-11-28T02:00:00Z'),
        op('FetchError', '2026-11-27T02:00:00Z'),
      ]),
    ).toBeUndefined()
  })

  it('orders zone-less and zoned times on one time line', () => {
    const run = findFailureRun([
      op('FetchError', '2026-11-28T01:00:00'),
      op('FetchError', '2026-11-28T02:00:00Z'),
      op('Complete', '2026-11-27T23:00:00-05:00'),
    ])
    // 23:00 at -05:00 is 04:00 UTC on the 28th: the newest, so nothing failed since.
    expect(run).toBeUndefined()
  })
})
