// @vitest-environment node
// A company's fleet row, type states and health changes, as successive readings of it see it.
import { describe, expect, it } from 'vitest'
import {
  deriveCompanyRecord,
  fleetRowOf,
  type CompanyReading,
  type CompanyRecord,
  type FleetRowProblem,
  type FleetTypeState,
  type TypeReading,
} from './fleet-row.ts'
import { linkedXero } from '../test/fleet-connection.ts'

const STALE_HOURS = 24
const T1 = '2026-03-02T10:00:00.000Z'
const T2 = '2026-03-02T11:00:00.000Z'
const T3 = '2026-03-02T12:00:00.000Z'
const T4 = '2026-03-02T13:00:00.000Z'
const SYNCED = '2026-03-02T09:00:00.000Z'

const connection = linkedXero({ id: 'conn-1', lastSync: SYNCED })

function invoices(status: string | null, latestSyncId: string | null): TypeReading {
  return { dataType: 'invoices', status, lastSuccessfulSync: SYNCED, latestSyncId }
}

/** Reads the company once, on top of what the previous reading stored. */
function read(previous: CompanyRecord | undefined, type: TypeReading, readAt: string) {
  return deriveCompanyRecord(
    previous,
    { id: 'company-1', name: 'Bay Bistro Ltd', connections: [connection], dataTypes: [type] },
    { readAt, staleHours: STALE_HOURS },
  )
}

function invoicesOf(record: CompanyRecord): FleetTypeState {
  const type = record.dataTypes.find((candidate) => candidate.dataType === 'invoices')
  if (!type) throw new Error('invoices missing from the record')
  return type
}

/** A first reading of a company, as its row. */
function rowOf(reading: Partial<CompanyReading>, readAt = T1) {
  return fleetRowOf(
    deriveCompanyRecord(
      undefined,
      { id: 'c1', name: 'Toft Stores', connections: [connection], dataTypes: [], ...reading },
      { readAt, staleHours: STALE_HOURS },
    ).record,
  )
}

const type = (
  dataType: string,
  status: string | null,
  lastSuccessfulSync: string | null = null,
) => ({
  dataType,
  status,
  lastSuccessfulSync,
  latestSyncId: null,
})

/** A line of a row, as the Fleet table shows it. */
const problem = (
  dataType: string,
  health: FleetRowProblem['health'],
  status: string | null,
  since: string | null = null,
  failuresInARow: number | null = null,
): FleetRowProblem => ({ dataType, health, status, since, failuresInARow })

describe('the fleet row', () => {
  it('lists failing, stale and unknown types worst first; never-synced and running ones only when they make the company', () => {
    const row = rowOf({
      dataTypes: [
        type('items', 'Complete', '2026-03-02T09:30:00.000Z'),
        type('bills', 'Complete', '2026-02-20T10:00:00.000Z'),
        {
          ...type('invoices', 'FetchError', '2026-02-28T09:00:00.000Z'),
          failureRun: { since: '2026-02-28T09:00:00.000Z', failuresInARow: 3, isAtLeast: false },
        },
        type('payments', 'Cancelled'),
        type('taxRates', 'NotSupported', '2020-01-01T00:00:00.000Z'),
        type('journals', null),
        type('accounts', 'Queued', '2026-03-02T09:40:00.000Z'),
      ],
    })
    expect(row.health).toBe('failing')
    expect(row.problems).toEqual([
      problem('invoices', 'failing', 'FetchError', '2026-02-28T09:00:00.000Z', 3),
      // Stale since the last success plus the threshold, whenever the console looked.
      problem('bills', 'stale', 'Complete', '2026-02-21T10:00:00.000Z'),
      problem('payments', 'other', 'Cancelled'),
    ])
    // A company that has synced nothing yet lists what it has not synced.
    const never = rowOf({ dataTypes: [type('journals', null), type('taxRates', 'NotSupported')] })
    expect(never.health).toBe('never_synced')
    expect(never.problems.map((p) => p.dataType)).toEqual(['journals'])
  })

  it('takes the oldest success of the types that can sync, and null when none succeeded', () => {
    const row = rowOf({
      dataTypes: [
        type('items', 'Complete', '2026-03-02T09:30:00.000Z'),
        type('bills', 'Complete', '2026-03-01T20:00:00.000Z'),
        // A type the platform no longer supports does not make the company look old.
        type('taxRates', 'NotSupported', '2020-01-01T00:00:00.000Z'),
      ],
    })
    expect(row.oldestLastSuccessfulSync).toBe('2026-03-01T20:00:00.000Z')
    expect(rowOf({ dataTypes: [type('a', null)] }).oldestLastSuccessfulSync).toBe(null)
  })

  it('names each platform once, in alphabetical order', () => {
    const row = rowOf({
      connections: [
        connection,
        { ...connection, id: 'conn-2', status: 'Deauthorized' },
        { ...connection, id: 'conn-3', platformName: 'Plaid' },
      ],
    })
    expect(row.platforms).toEqual(['Plaid', 'Xero'])
    expect(row.health).toBe('needs_relink')
  })

  it('puts a connection pending authorisation first, even when every type is healthy', () => {
    const row = rowOf({
      dataTypes: [type('invoices', 'Complete', T1)],
      connections: [
        { ...connection, platformName: 'Plaid' },
        { ...connection, id: 'conn-2', status: 'PendingAuth' },
      ],
    })
    expect(row.health).toBe('needs_relink')
    expect(row.problems).toEqual([problem('Xero connection', 'needs_relink', 'PendingAuth')])
  })

  it('keeps when it was read, has no connections without any, and says why a reading was cut short', () => {
    const row = rowOf({ connections: [] })
    expect(row).toEqual({
      id: 'c1',
      name: 'Toft Stores',
      health: 'no_connections',
      platforms: [],
      oldestLastSuccessfulSync: null,
      readAt: T1,
      problems: [],
    })
    const cut = rowOf({ cutShort: 'only the first 1000 connections were read (10 pages)' })
    expect(cut.readProblem).toBe('only the first 1000 connections were read (10 pages)')
  })
})

describe('deriveCompanyRecord: since and failures in a row', () => {
  it("takes the run from Codat's history when it was read, even on the first reading", () => {
    const since = '2026-02-27T08:00:00.000Z'
    const failureRun = { failuresInARow: 5, since, isAtLeast: false }
    const first = read(undefined, { ...invoices('FetchError', 'sync-9'), failureRun }, T1).record
    expect(invoicesOf(first)).toMatchObject({ health: 'failing', since, failuresInARow: 5 })
    expect(first.problems[0]).toMatchObject({ dataType: 'invoices', since, failuresInARow: 5 })
    // The next reading without a history read (same latest pull) keeps the count.
    const again = read(first, invoices('FetchError', 'sync-9'), T2).record
    expect(invoicesOf(again)).toMatchObject({ since, failuresInARow: 5 })
    // A history that shows no run (a pull running on top) leaves the console's own count.
    const none = read(undefined, { ...invoices('FetchError', 'sync-9'), failureRun: null }, T1)
    expect(invoicesOf(none.record)).toMatchObject({ since: null, failuresInARow: null })
  })

  it("keeps Codat's words for the newest failure while the run lasts, and drops them when it ends", () => {
    const since = '2026-02-27T08:00:00.000Z'
    const latestError = 'Xero answered 503: Service Unavailable'
    const failureRun = { failuresInARow: 2, since, isAtLeast: false, latestError }
    const first = read(undefined, { ...invoices('FetchError', 'sync-9'), failureRun }, T1).record
    expect(invoicesOf(first).lastError).toBe(latestError)
    // Read again without its history (the same pull on top): the words stay.
    const again = read(first, invoices('FetchError', 'sync-9'), T2).record
    expect(invoicesOf(again).lastError).toBe(latestError)
    // Healthy again: nothing to quote.
    const healed = read(again, invoices('Complete', 'sync-10'), T3).record
    expect(invoicesOf(healed).lastError).toBeNull()
    // A new run whose history has no words for it does not borrow the old ones.
    const silent = { failuresInARow: 1, since: T4, isAtLeast: false, latestError: null }
    const next = read(healed, { ...invoices('FetchError', 'sync-11'), failureRun: silent }, T4)
    expect(invoicesOf(next.record).lastError).toBeNull()
  })

  it('counts a first failure from the reading that saw it', () => {
    const healthy = read(undefined, invoices('Complete', 'sync-1'), T1).record
    const { record, changes } = read(healthy, invoices('FetchError', 'sync-2'), T2)

    expect(invoicesOf(record)).toMatchObject({ health: 'failing', since: T2, failuresInARow: 1 })
    expect(record.health).toBe('failing')
    expect(record.problems).toEqual([problem('invoices', 'failing', 'FetchError', T2, 1)])
    expect(changes).toContainEqual(
      expect.objectContaining({
        dataType: 'invoices',
        health: 'failing',
        previousHealth: 'healthy',
      }),
    )
  })

  it('does not count the same failed pull twice when it is read again', () => {
    const healthy = read(undefined, invoices('Complete', 'sync-1'), T1).record
    const failed = read(healthy, invoices('FetchError', 'sync-2'), T2).record
    const { record, changes } = read(failed, invoices('FetchError', 'sync-2'), T3)

    expect(invoicesOf(record)).toMatchObject({ since: T2, failuresInARow: 1, readAt: T3 })
    expect(changes).toEqual([])
  })

  it('counts each new failed pull, keeping the first failure as "since"', () => {
    const healthy = read(undefined, invoices('Complete', 'sync-1'), T1).record
    const failed = read(healthy, invoices('FetchError', 'sync-2'), T2).record
    const again = read(failed, invoices('FetchError', 'sync-3'), T3).record
    const third = read(again, invoices('AuthError', 'sync-4'), T4).record

    expect(invoicesOf(again)).toMatchObject({ since: T2, failuresInARow: 2 })
    // An authorisation error continues the same run of failures.
    expect(invoicesOf(third)).toMatchObject({
      health: 'needs_relink',
      since: T2,
      failuresInARow: 3,
    })
  })

  it('resets on recovery: healthy since that reading, no failure count, and a new run starts at 1', () => {
    const healthy = read(undefined, invoices('Complete', 'sync-1'), T1).record
    const failed = read(healthy, invoices('FetchError', 'sync-2'), T2).record
    const twice = read(failed, invoices('FetchError', 'sync-3'), T3).record
    const recovered = read(twice, invoices('Complete', 'sync-4'), T4).record

    expect(invoicesOf(recovered)).toMatchObject({
      health: 'healthy',
      since: T4,
      failuresInARow: null,
    })
    expect(recovered.health).toBe('healthy')
    // A healthy company has nothing to show in its row's problems.
    expect(recovered.problems).toEqual([])
    const failsAgain = read(recovered, invoices('FetchError', 'sync-5'), T4).record
    expect(invoicesOf(failsAgain)).toMatchObject({ since: T4, failuresInARow: 1 })
  })

  it('leaves since and the count unknown for a run that started before the first reading', () => {
    const first = read(undefined, invoices('FetchError', 'sync-7'), T1).record
    expect(invoicesOf(first)).toMatchObject({
      health: 'failing',
      since: null,
      failuresInARow: null,
    })

    // A further failed pull does not turn "unknown" into a number that looks exact.
    const next = read(first, invoices('FetchError', 'sync-8'), T2).record
    expect(invoicesOf(next)).toMatchObject({ since: null, failuresInARow: null })
    expect(next.problems[0]).toMatchObject({ since: null, failuresInARow: null })
  })

  it('keeps a status Codat added later as it is, without counting it or ranking the company', () => {
    const healthy = read(undefined, invoices('Complete', 'sync-1'), T1).record
    const { record } = read(healthy, invoices('Reticulating', 'sync-2'), T2)

    expect(invoicesOf(record)).toMatchObject({
      status: 'Reticulating',
      health: 'other',
      since: T2,
      failuresInARow: null,
    })
    // Shown as a problem line, verbatim, but the company is not made to look failing.
    expect(record.problems).toEqual([problem('invoices', 'other', 'Reticulating', T2)])
    expect(record.health).not.toBe('failing')
  })
})
