import { describe, expect, it } from 'vitest'
import { describeTypeState, howLongSince, staleSince } from './type-state-text.ts'

const NOW = Date.parse('2026-06-10T12:00:00Z')
const FOUR_DAYS_AGO = '2026-06-06T12:00:00Z'

describe('describeTypeState', () => {
  it('says a stale type that is being read as stale first, then what the pull is doing', () => {
    expect(
      describeTypeState(
        { dataType: 'bankAccounts', health: 'stale', status: 'Fetching', since: FOUR_DAYS_AGO },
        NOW,
      ),
    ).toBe('bankAccounts: stale for 4 days, fetching now')
    expect(
      describeTypeState(
        { dataType: 'bills', health: 'stale', status: 'MapQueued', since: null },
        NOW,
      ),
    ).toBe('bills: stale, queued for mapping now')
  })

  it('leaves a stale type whose last pull completed at how long it has been stale', () => {
    expect(
      describeTypeState(
        {
          dataType: 'invoices',
          health: 'stale',
          status: 'Complete',
          since: '2026-06-08T12:00:00Z',
        },
        NOW,
      ),
    ).toBe('invoices: stale for 2 days')
    expect(
      describeTypeState(
        { dataType: 'invoices', health: 'stale', status: 'Cancelled', since: null },
        NOW,
      ),
    ).toBe('invoices: stale, last pull Cancelled')
  })

  it('says how long a pull has been running, and other statuses verbatim', () => {
    expect(
      describeTypeState(
        {
          dataType: 'payments',
          health: 'in_progress',
          status: 'Fetching',
          since: '2026-06-10T11:55:00Z',
        },
        NOW,
      ),
    ).toBe('payments: fetching for 5 minutes')
    expect(
      describeTypeState(
        { dataType: 'bills', health: 'other', status: 'Cancelled', since: null, failuresInARow: 3 },
        NOW,
      ),
    ).toBe('bills: Cancelled, 3 failures in a row')
    expect(
      describeTypeState(
        { dataType: 'items', health: 'never_synced', status: null, since: null },
        NOW,
      ),
    ).toBe('items: never synced')
  })
})

describe('howLongSince and staleSince', () => {
  it('count from the threshold, never into the future', () => {
    expect(staleSince(Date.parse('2026-06-05T12:00:00Z'), 24)).toBe('2026-06-06T12:00:00.000Z')
    expect(howLongSince('2026-06-11T12:00:00Z', NOW)).toBeUndefined()
    expect(howLongSince('2026-06-10T11:59:30Z', NOW)).toBe('under a minute')
    expect(howLongSince('not a date', NOW)).toBeUndefined()
  })
})
