import { describe, expect, it } from 'vitest'
import { buildFleetRow, type FleetRowInput } from './fleet-row'

const NOW = Date.parse('2026-06-10T12:00:00Z')
const options = { now: NOW }
const xero = { status: 'Linked', platformName: 'Xero' }

const base: FleetRowInput = {
  id: 'c1',
  name: 'Toft Stores',
  connections: [xero],
  dataStatuses: {},
  readAt: '2026-06-10T11:58:00.000Z',
}

describe('buildFleetRow', () => {
  it('lists unhealthy types worst first, with history where known', () => {
    const row = buildFleetRow(
      {
        ...base,
        dataStatuses: {
          items: { currentStatus: 'Complete', lastSuccessfulSync: '2026-06-10T10:00:00Z' },
          bills: { currentStatus: 'Complete', lastSuccessfulSync: '2026-06-01T10:00:00Z' },
          invoices: { currentStatus: 'FetchError', lastSuccessfulSync: '2026-06-08T09:00:00Z' },
          payments: { currentStatus: 'Cancelled' },
          taxRates: { currentStatus: 'NotSupported' },
          journals: {},
        },
        history: { invoices: { since: '2026-06-08T09:00:00.000Z', failuresInARow: 3 } },
      },
      options,
    )
    expect(row.health).toBe('failing')
    expect(row.problems).toEqual([
      {
        dataType: 'invoices',
        health: 'failing',
        status: 'FetchError',
        since: '2026-06-08T09:00:00.000Z',
        failuresInARow: 3,
      },
      { dataType: 'bills', health: 'stale', status: 'Complete', since: null, failuresInARow: null },
      {
        dataType: 'journals',
        health: 'never_synced',
        status: null,
        since: null,
        failuresInARow: null,
      },
      {
        dataType: 'payments',
        health: 'other',
        status: 'Cancelled',
        since: null,
        failuresInARow: null,
      },
    ])
  })

  it('takes the oldest success of any type, in UTC, and null when none succeeded', () => {
    const row = buildFleetRow(
      {
        ...base,
        dataStatuses: {
          items: { currentStatus: 'Complete', lastSuccessfulSync: '2026-06-10T10:00:00Z' },
          // Zone-less: read as UTC.
          bills: { currentStatus: 'Complete', lastSuccessfulSync: '2026-06-09T20:00:00' },
        },
      },
      options,
    )
    expect(row.oldestLastSuccessfulSync).toBe('2026-06-09T20:00:00.000Z')
    expect(
      buildFleetRow({ ...base, dataStatuses: { a: {} } }, options).oldestLastSuccessfulSync,
    ).toBe(null)
  })

  it('names each platform once', () => {
    const row = buildFleetRow(
      {
        ...base,
        connections: [
          xero,
          { status: 'Deauthorized', platformName: 'Xero' },
          { status: 'Linked', platformName: 'Plaid' },
        ],
      },
      options,
    )
    expect(row.platforms).toEqual(['Xero', 'Plaid'])
    expect(row.health).toBe('needs_relink')
  })

  it('puts a connection pending authorisation first, even when every type is healthy', () => {
    const row = buildFleetRow(
      {
        ...base,
        dataStatuses: {
          invoices: {
            dataType: 'invoices',
            currentStatus: 'Complete',
            lastSuccessfulSync: new Date(options.now).toISOString(),
          },
        },
        connections: [
          { status: 'Linked', platformName: 'Plaid' },
          { status: 'PendingAuth', platformName: 'Xero' },
        ],
      },
      options,
    )
    expect(row.health).toBe('needs_relink')
    expect(row.problems).toEqual([
      {
        dataType: 'Xero connection',
        health: 'needs_relink',
        status: 'PendingAuth',
        since: null,
        failuresInARow: null,
      },
    ])
  })

  it('keeps when it was read, and has no connections without any', () => {
    const row = buildFleetRow({ ...base, connections: [], readAt: null }, options)
    expect(row).toMatchObject({
      health: 'no_connections',
      platforms: [],
      readAt: null,
      problems: [],
    })
  })
})
