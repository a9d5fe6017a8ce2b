// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { deriveCompanyRecord, type CompanyRecord } from './fleet-row.ts'
import { readingAfterReadCompleted } from './read-completed.ts'

const READ_AT = '2026-03-02T10:00:00.000Z'
const EVENT_AT = '2026-03-02T10:05:00.000Z'
const OLD_SUCCESS = '2026-03-01T09:00:00.000Z'

const stored: CompanyRecord = deriveCompanyRecord(
  undefined,
  {
    id: 'company-1',
    name: 'Bay Bistro Ltd',
    connections: [
      {
        id: 'conn-1',
        platformName: 'Xero',
        sourceType: 'Accounting',
        status: 'Linked',
        lastSync: null,
      },
    ],
    dataTypes: [
      {
        dataType: 'bills',
        status: 'Complete',
        lastSuccessfulSync: OLD_SUCCESS,
        latestSyncId: 'b1',
      },
      {
        dataType: 'invoices',
        status: 'Queued',
        lastSuccessfulSync: OLD_SUCCESS,
        latestSyncId: 'i1',
      },
    ],
  },
  { readAt: READ_AT, staleHours: 24 },
).record

describe('readingAfterReadCompleted', () => {
  it("takes each type's ending from the event, a Complete read as its last success", () => {
    const reading = readingAfterReadCompleted(
      stored,
      {
        name: 'Bay Bistro',
        dataTypes: [
          { dataType: 'invoices', status: 'Complete' },
          { dataType: 'bills', status: 'FetchError' },
          // New to the company: added; one without a status says nothing.
          { dataType: 'payments', status: 'Complete' },
          { dataType: 'items' },
        ],
      },
      EVENT_AT,
    )
    expect(reading).toEqual({
      id: 'company-1',
      name: 'Bay Bistro',
      connections: stored.connections,
      dataTypes: [
        {
          dataType: 'bills',
          status: 'FetchError',
          lastSuccessfulSync: OLD_SUCCESS,
          latestSyncId: 'b1',
        },
        {
          dataType: 'invoices',
          status: 'Complete',
          lastSuccessfulSync: EVENT_AT,
          latestSyncId: 'i1',
        },
        {
          dataType: 'payments',
          status: 'Complete',
          lastSuccessfulSync: EVENT_AT,
          latestSyncId: null,
        },
      ],
    })
    // Judged as any reading is: the failed read makes the company failing from the event on.
    const { record } = deriveCompanyRecord(stored, reading, { readAt: EVENT_AT, staleHours: 24 })
    expect(record).toMatchObject({ health: 'failing', readAt: EVENT_AT })
    expect(record.problems.map((p) => [p.dataType, p.health, p.since])).toEqual([
      ['bills', 'failing', EVENT_AT],
    ])
  })

  it('keeps the stored name and types the event does not mention', () => {
    const reading = readingAfterReadCompleted(stored, { dataTypes: [] }, EVENT_AT)
    expect(reading.name).toBe('Bay Bistro Ltd')
    expect(reading.dataTypes.map((t) => [t.dataType, t.status])).toEqual([
      ['bills', 'Complete'],
      ['invoices', 'Queued'],
    ])
  })
})
