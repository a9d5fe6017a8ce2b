// @vitest-environment node
// Bulk refresh's model: the dry run per scope and skip reason, the cost, each answer and reading.
import { describe, expect, it } from 'vitest'
import {
  BULK_FOLLOW_LIMIT_MS,
  BULK_MAX_TRIES,
  emptyBulkCounts,
  estimateBulk,
  itemAfterAnswer,
  itemAfterReading,
  jobStateOf,
  planBulkRefresh,
} from './bulk-refresh.ts'
import { linkedXero } from '../test/fleet-connection.ts'
import type { CompanyRecord, FleetTypeState } from './fleet-row.ts'

const AT = '2026-12-07T10:00:00.000Z'
const xero = linkedXero()

function type(dataType: string, overrides: Partial<FleetTypeState> = {}): FleetTypeState {
  return {
    dataType,
    status: 'Complete',
    lastSuccessfulSync: AT,
    latestSyncId: `${dataType}-1`,
    health: 'healthy',
    since: null,
    failuresInARow: null,
    readAt: AT,
    ...overrides,
  }
}

function record(id: string, overrides: Partial<CompanyRecord> = {}): CompanyRecord {
  return {
    id,
    name: `Company ${id}`,
    health: 'healthy',
    connections: [xero],
    dataTypes: [type('invoices')],
    problems: [],
    platforms: ['Xero'],
    oldestLastSuccessfulSync: AT,
    readAt: AT,
    hasInProgress: false,
    ...overrides,
  }
}

const failing = (dataType: string, status = 'FetchError') =>
  type(dataType, { health: 'failing', status })

describe('planBulkRefresh', () => {
  it('queues the failing types of each company on the connection that serves them', () => {
    const plan = planBulkRefresh(
      [record('a', { dataTypes: [failing('invoices'), type('bills', { health: 'stale' })] })],
      'failing',
    )
    expect(plan.targets).toEqual([
      {
        companyId: 'a',
        companyName: 'Company a',
        dataType: 'invoices',
        connectionId: 'conn-xero',
        connectionLabel: 'Xero',
      },
    ])
    expect(plan.skips).toEqual([])
  })

  it('adds stale types for failing-and-stale, and names no connection when two serve one', () => {
    const second = { ...xero, id: 'conn-qbo', platformName: 'QuickBooks Online' }
    const plan = planBulkRefresh(
      [
        record('a', {
          connections: [xero, second],
          dataTypes: [failing('invoices'), type('bills', { health: 'stale' })],
        }),
      ],
      'failing-and-stale',
    )
    expect(plan.targets.map((t) => [t.dataType, t.connectionId, t.connectionLabel])).toEqual([
      ['invoices', null, '2 linked connections'],
      ['bills', null, '2 linked connections'],
    ])
  })

  it('queues all data once per company for scope all', () => {
    const plan = planBulkRefresh([record('a'), record('b')], 'all')
    expect(plan.targets.map((t) => [t.companyId, t.dataType, t.connectionId])).toEqual([
      ['a', null, null],
      ['b', null, null],
    ])
  })

  it('says why each company or type is left out', () => {
    const pending = { ...xero, status: 'PendingAuth' }
    const unlinked = { ...xero, status: 'Unlinked' }
    const plan = planBulkRefresh(
      [
        record('healthy'),
        record('relink-type', { dataTypes: [type('invoices', { health: 'needs_relink' })] }),
        record('running', { dataTypes: [failing('invoices', 'Fetching')] }),
        record('relink-connection', { connections: [pending], dataTypes: [failing('invoices')] }),
        record('unlinked', { connections: [unlinked], dataTypes: [failing('invoices')] }),
      ],
      'failing',
    )
    expect(plan.targets).toEqual([])
    expect(plan.skips.map((s) => [s.companyId, s.dataType, s.reason])).toEqual([
      ['healthy', null, 'nothing-to-refresh'],
      ['relink-type', 'invoices', 'needs-relink'],
      ['running', 'invoices', 'in-progress'],
      ['relink-connection', 'invoices', 'needs-relink'],
      ['unlinked', 'invoices', 'no-linked-connection'],
    ])
  })

  it('skips, for all data, companies with no linked connection or nothing supported', () => {
    const plan = planBulkRefresh(
      [
        record('relink', { connections: [{ ...xero, status: 'Deauthorized' }] }),
        record('none', { connections: [] }),
        record('unsupported', {
          dataTypes: [type('invoices', { health: 'not_supported', status: null })],
        }),
      ],
      'all',
    )
    expect(plan.skips.map((s) => [s.companyId, s.reason])).toEqual([
      ['relink', 'needs-relink'],
      ['none', 'no-linked-connection'],
      ['unsupported', 'not-supported'],
    ])
  })
})

describe('estimateBulk', () => {
  const limits = { perMinute: 60, quotaReserve: 0.2 }

  it('takes a second a request at 60 a minute, the first at once', () => {
    expect(estimateBulk(61, limits, null)).toEqual({
      requests: 61,
      quotaShare: null,
      overReserve: 0,
      seconds: 60,
    })
    expect(estimateBulk(0, limits, null).seconds).toBe(0)
  })

  it('counts the share of the quota and the requests past the reserve', () => {
    const quota = { limit: 1000, remaining: 250, resetAt: null, seenAt: AT }
    // 250 left, 200 kept in reserve: 50 usable.
    expect(estimateBulk(100, limits, quota)).toMatchObject({ quotaShare: 0.1, overReserve: 50 })
  })

  it('says nothing of the quota when none was seen, never 0', () => {
    expect(
      estimateBulk(10, limits, { limit: 0, remaining: 0, resetAt: null, seenAt: AT }),
    ).toMatchObject({
      quotaShare: null,
    })
  })
})

describe('itemAfterAnswer', () => {
  it('runs an item Codat queued, with its dataset ID', () => {
    const step = itemAfterAnswer(
      { kind: 'answer', status: 200, body: { id: 'ds-1', status: 'Initial' } },
      1,
      AT,
    )
    expect(step).toEqual({
      next: 'settled',
      progress: { state: 'running', error: null, datasetId: 'ds-1', answeredAt: AT },
    })
  })

  it('runs all data on 204', () => {
    expect(itemAfterAnswer({ kind: 'answer', status: 204, body: null }, 1, AT)).toEqual({
      next: 'settled',
      progress: { state: 'running', answeredAt: AT },
    })
  })

  it('skips a type Codat says is already in progress', () => {
    const error =
      'DatasetAlreadyInProgressException: Cannot queue invoices sync for a as previous sync b is still in progress'
    expect(itemAfterAnswer({ kind: 'answer', status: 400, body: { error } }, 1, AT)).toEqual({
      next: 'settled',
      progress: { state: 'skipped', skipReason: 'in-progress', error },
    })
  })

  it('retries a 429 however many tries it took', () => {
    const answer = { kind: 'answer' as const, status: 429, body: { error: 'Too many requests' } }
    expect(itemAfterAnswer(answer, BULK_MAX_TRIES + 5, AT)).toEqual({
      next: 'retry',
      error: 'Too many requests',
    })
  })

  it('retries a 5xx, then fails it after the last try', () => {
    const answer = { kind: 'answer' as const, status: 503, body: null }
    expect(itemAfterAnswer(answer, 1, AT)).toEqual({ next: 'retry', error: 'Codat answered 503' })
    expect(itemAfterAnswer(answer, BULK_MAX_TRIES, AT)).toEqual({
      next: 'settled',
      progress: { state: 'failed', error: 'Codat answered 503' },
    })
    const unreachable = { kind: 'unreachable' as const, message: 'Could not reach Codat' }
    expect(itemAfterAnswer(unreachable, 1, AT).next).toBe('retry')
    expect(itemAfterAnswer(unreachable, BULK_MAX_TRIES, AT)).toMatchObject({
      progress: { state: 'failed', error: 'Could not reach Codat' },
    })
  })

  it("fails a 404 with Codat's words", () => {
    const error = "Data connection not found: 'conn-x'."
    expect(itemAfterAnswer({ kind: 'answer', status: 404, body: { error } }, 1, AT)).toEqual({
      next: 'settled',
      progress: { state: 'failed', error },
    })
  })
})

describe('itemAfterReading', () => {
  const answeredAt = AT
  const later = new Date(Date.parse(AT) + 60_000).toISOString()
  const running = { state: 'running' as const, datasetId: 'ds-1', answeredAt, dataType: 'invoices' }

  it('ends a type when its pull shows in the reading: done or failed', () => {
    const done = record('a', {
      readAt: later,
      dataTypes: [type('invoices', { latestSyncId: 'ds-1' })],
    })
    expect(itemAfterReading(running, done, Date.parse(later))).toEqual({
      state: 'done',
      error: null,
    })
    const failed = record('a', {
      readAt: later,
      dataTypes: [
        type('invoices', { latestSyncId: 'ds-1', status: 'FetchError', health: 'failing' }),
      ],
    })
    expect(itemAfterReading(running, failed, Date.parse(later))).toEqual({
      state: 'failed',
      error: 'The pull ended FetchError',
    })
  })

  it('waits while the pull runs or the reading shows another one', () => {
    const fetching = record('a', {
      readAt: later,
      dataTypes: [type('invoices', { latestSyncId: 'ds-1', status: 'Fetching' })],
    })
    expect(itemAfterReading(running, fetching, Date.parse(later))).toBeUndefined()
    const older = record('a', {
      readAt: later,
      dataTypes: [type('invoices', { latestSyncId: 'old' })],
    })
    expect(itemAfterReading(running, older, Date.parse(later))).toBeUndefined()
  })

  it('ends all data with the first reading after the answer with nothing in progress', () => {
    const item = { ...running, dataType: null, datasetId: null }
    expect(itemAfterReading(item, record('a', { readAt: AT }), Date.parse(later))).toBeUndefined()
    expect(itemAfterReading(item, record('a', { readAt: later }), Date.parse(later))).toEqual({
      state: 'done',
      error: null,
    })
    const stillFailing = record('a', { readAt: later, dataTypes: [failing('bills')] })
    expect(itemAfterReading(item, stillFailing, Date.parse(later))).toEqual({
      state: 'failed',
      error: '1 type still failing: bills (FetchError)',
    })
  })

  it('leaves an item unknown once the follow limit passes without an end', () => {
    const fetching = record('a', {
      readAt: later,
      dataTypes: [type('invoices', { latestSyncId: 'ds-1', status: 'Fetching' })],
    })
    const after = Date.parse(AT) + BULK_FOLLOW_LIMIT_MS + 1
    expect(itemAfterReading(running, fetching, after)).toMatchObject({ state: 'unknown' })
  })

  it('changes nothing of an item that is not running', () => {
    expect(itemAfterReading({ ...running, state: 'done' }, record('a'), Date.now())).toBeUndefined()
  })
})

describe('jobStateOf', () => {
  it('runs while anything is open, then finishes; a cancel waits for requests with Codat', () => {
    const counts = { ...emptyBulkCounts(), queued: 1 }
    expect(jobStateOf(counts, false)).toBe('running')
    expect(jobStateOf({ ...emptyBulkCounts(), done: 3 }, false)).toBe('finished')
    expect(jobStateOf({ ...emptyBulkCounts(), sending: 1 }, true)).toBe('cancelling')
    expect(jobStateOf({ ...emptyBulkCounts(), running: 1, cancelled: 2 }, true)).toBe('cancelled')
  })
})
