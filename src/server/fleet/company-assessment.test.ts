// @vitest-environment node
// A data type's "since" and "failures in a row" as successive readings of one company see it.
import { describe, expect, it } from 'vitest'
import type { CompanyRecord, StoredDataType } from '../store/fleet-records.ts'
import { assessCompany, type TypeReading } from './company-assessment.ts'

const STALE_HOURS = 24
const T1 = '2026-03-02T10:00:00.000Z'
const T2 = '2026-03-02T11:00:00.000Z'
const T3 = '2026-03-02T12:00:00.000Z'
const T4 = '2026-03-02T13:00:00.000Z'
const SYNCED = '2026-03-02T09:00:00.000Z'

const connection = {
  id: 'conn-1',
  platformName: 'Xero',
  sourceType: 'Accounting',
  status: 'Linked',
  lastSync: SYNCED,
}

function invoices(status: string | null, latestSyncId: string | null): TypeReading {
  return { dataType: 'invoices', status, lastSuccessfulSync: SYNCED, latestSyncId }
}

/** Reads the company once, on top of what the previous reading stored. */
function read(previous: CompanyRecord | undefined, type: TypeReading, readAt: string) {
  return assessCompany(
    previous,
    { id: 'company-1', name: 'Bay Bistro Ltd', connections: [connection], dataTypes: [type] },
    { readAt, staleHours: STALE_HOURS },
  )
}

function invoicesOf(record: CompanyRecord): StoredDataType {
  const type = record.dataTypes.find((candidate) => candidate.dataType === 'invoices')
  if (!type) throw new Error('invoices missing from the record')
  return type
}

describe('assessCompany: since and failures in a row', () => {
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

  it('counts a first failure from the reading that saw it', () => {
    const healthy = read(undefined, invoices('Complete', 'sync-1'), T1).record
    const { record, changes } = read(healthy, invoices('FetchError', 'sync-2'), T2)

    expect(invoicesOf(record)).toMatchObject({ health: 'failing', since: T2, failuresInARow: 1 })
    expect(record.health).toBe('failing')
    expect(record.problems).toEqual([
      {
        dataType: 'invoices',
        health: 'failing',
        status: 'FetchError',
        since: T2,
        failuresInARow: 1,
      },
    ])
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
    expect(record.problems).toEqual([
      {
        dataType: 'invoices',
        health: 'other',
        status: 'Reticulating',
        since: T2,
        failuresInARow: null,
      },
    ])
    expect(record.health).not.toBe('failing')
  })
})
