// @vitest-environment node
// A change the store kept but the rules never saw (the process stopped between the write and the step) is told by the next term, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INITIAL_ALERT_STATE } from '../../lib/alert-rules.ts'
import { deriveCompanyRecord, type CompanyReading } from '../../lib/fleet-row.ts'
import { server } from '../../mocks/node.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import {
  startReceiver,
  startReceiverAlerts,
  type AlertReceiver,
} from '../testing/alert-receiver.ts'
import { until } from '../testing/test-fleet-service.ts'
import { allowLoopback } from '../testing/test-harness.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'
import { untoldTypes } from '../../lib/alert-rules.ts'

const COMPANY = '0f6c7a52-5b1c-4a57-9d0e-3c2b1a000001'

function reading(status: string, latestSyncId: string): CompanyReading {
  return {
    id: COMPANY,
    name: 'Harbour Chandlery Ltd',
    connections: [
      {
        id: 'conn',
        platformName: 'Xero',
        sourceType: 'Accounting',
        status: 'Linked',
        lastSync: null,
      },
    ],
    dataTypes: [
      { dataType: 'invoices', status, lastSuccessfulSync: null, latestSyncId },
      { dataType: 'bills', status: 'Complete', lastSuccessfulSync: null, latestSyncId: 'b1' },
    ],
  }
}

let db: Database
let receiver: AlertReceiver
const lines: string[] = []

beforeAll(async () => {
  allowLoopback(server)
  receiver = await startReceiver()
  db = await openDatabase({ memory: true })
  await migrate(db)
  // Creating an embedded cluster takes a few seconds, more on a busy machine.
}, 90_000)
afterAll(async () => {
  await receiver.close()
  await db.close()
})

/** One leadership term of the alerts, as a scanning process runs it. */
function term() {
  return startReceiverAlerts({
    db,
    url: receiver.url,
    secret: 'whsec_dGVzdA==',
    log: (line) => lines.push(line),
    stepMs: 100,
  })
}

const queued = async () =>
  (await db.query<{ message: AlertMessage }>('SELECT message FROM alert_outbox ORDER BY seq')).map(
    (row) => row.message,
  )
const baselined = async () =>
  (await db.query<{ value: { isBaselined: boolean } }>('SELECT value FROM alert_state'))[0]?.value
    .isBaselined === true

describe('a change written but never stepped', () => {
  it('is told by the next term, once, and not again by the one after', async () => {
    const store = createFleetStore(db)
    const options = { readAt: new Date().toISOString(), staleHours: 24 }
    const first = deriveCompanyRecord(undefined, reading('Complete', 'i1'), options)
    // The first term: the fleet read healthy, the baseline set.
    const one = term()
    const feed = one.lead(db)
    await store.writeCompanies([first.record], first.changes)
    feed.written([first.record], first.changes)
    feed.fullScanCompleted(1)
    await until(baselined)

    // The next reading finds invoices failing; the record is kept, then the process stops
    // before its rules hear of it.
    const next = deriveCompanyRecord(first.record, reading('FetchError', 'i2'), options)
    await store.writeCompanies([next.record], next.changes)
    await one.stop()
    expect(await queued()).toEqual([])

    const two = term()
    two.lead(db)
    await until(async () => (await queued()).length > 0)
    const told = await queued()
    expect(told).toHaveLength(1)
    expect(told[0]).toMatchObject({
      type: 'alert.change',
      company: { id: COMPANY, name: 'Harbour Chandlery Ltd' },
      dataType: 'invoices',
      health: 'failing',
      previousHealth: 'healthy',
    })
    await until(() => lines.some((line) => line.includes('"alerts-reconciled"')))
    await two.stop()

    // A third term finds nothing it was not told.
    const reconciledBefore = lines.filter((line) => line.includes('"alerts-reconciled"')).length
    const three = term()
    three.lead(db)
    await new Promise((resolve) => setTimeout(resolve, 500))
    await three.stop()
    expect(await queued()).toHaveLength(1)
    expect(lines.filter((line) => line.includes('"alerts-reconciled"'))).toHaveLength(
      reconciledBefore,
    )
  }, 30_000)
})

describe('untoldTypes', () => {
  const stored = (health: string) => [{ companyId: 'c', dataType: 'invoices', health }]
  const state = { ...INITIAL_ALERT_STATE, isBaselined: true }

  it('finds nothing before the baseline: the first scan sets it', () => {
    expect(untoldTypes(INITIAL_ALERT_STATE, stored('failing'))).toEqual([])
  })

  it('finds a problem never told, and a recovery of one that was', () => {
    expect(untoldTypes(state, stored('failing'))).toEqual([
      { companyId: 'c', dataType: 'invoices', health: 'failing', previousHealth: 'healthy' },
    ])
    expect(untoldTypes({ ...state, told: { 'c/invoices': 'failing' } }, stored('healthy'))).toEqual(
      [{ companyId: 'c', dataType: 'invoices', health: 'healthy', previousHealth: 'failing' }],
    )
  })

  it('leaves told, pending and never-told healths alone', () => {
    expect(untoldTypes({ ...state, told: { 'c/invoices': 'stale' } }, stored('stale'))).toEqual([])
    expect(untoldTypes(state, stored('healthy'))).toEqual([])
    expect(untoldTypes(state, stored('in_progress'))).toEqual([])
    const pending = {
      'c/invoices': {
        change: {} as never,
        health: 'failing' as const,
        from: 'healthy' as const,
        firstAt: 0,
        window: 1,
      },
    }
    expect(untoldTypes({ ...state, pending }, stored('failing'))).toEqual([])
    // Pending failing, but the store says healthy again: a recovery the rules must hear of.
    expect(untoldTypes({ ...state, pending }, stored('healthy'))).toEqual([
      { companyId: 'c', dataType: 'invoices', health: 'healthy', previousHealth: 'failing' },
    ])
  })
})
