// @vitest-environment node
// The seam between the scanner and the outbox on a clock: a minute of 5xx from Codat is told once as an outage, with its recovery, and nothing per company.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { typeChange } from '../../test/type-change.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { migrate } from '../store/migrate.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'
import { createAlertTracker } from './alert-tracker.ts'

const START = Date.parse('2026-12-07T09:00:00.000Z')
const SECOND = 1000
const MINUTE = 60 * SECOND
const COMPANIES = Array.from({ length: 30 }, (_, i) => `company-${i}`)

let db: Database

beforeAll(async () => {
  db = await openDatabase({ memory: true })
  await migrate(db)
  // Creating an embedded cluster takes a few seconds, more on a busy machine.
}, 90_000)
afterAll(() => db.close())

const outbox = async () =>
  (await db.query<{ message: AlertMessage }>('SELECT message FROM alert_outbox ORDER BY seq')).map(
    (row) => row.message,
  )

describe('Codat answering 5xx to the scanner', () => {
  it('is told once after a minute, with its recovery, and never company by company', async () => {
    const tracker = createAlertTracker({
      db,
      rules: { holdMs: 5 * MINUTE, digestThreshold: 10 },
      publicUrl: new URL('https://console.example.com/'),
    })
    // The first full scan finds everything healthy: the baseline, nothing to tell.
    for (const i of COMPANIES.keys()) tracker.observeUpstream({ status: 200 }, START + i * SECOND)
    tracker.changesWritten(COMPANIES.map((id) => typeChange(id, 'healthy', null)))
    tracker.fullScanCompleted(COMPANIES.length)
    await tracker.step(START + MINUTE)
    expect(await outbox()).toEqual([])

    // Codat answers 503 to every read (the retries too) for ten minutes; early on, readings
    // that got through see every company's data getting old, and it stays so past the hold.
    const downFrom = START + 2 * MINUTE
    for (let at = downFrom; at < downFrom + 10 * MINUTE; at += 20 * SECOND) {
      tracker.observeUpstream({ status: 503 }, at)
      if (at === downFrom + 2 * MINUTE)
        tracker.changesWritten(COMPANIES.map((id) => typeChange(id, 'stale', 'healthy')))
      await tracker.step(at)
    }
    await tracker.step(downFrom + 10 * MINUTE)
    const duringOutage = await outbox()
    expect(duringOutage.map((message) => message.type)).toEqual(['alert.codat-down'])
    expect(duringOutage[0]).toMatchObject({
      title: 'Codat unreachable since 7 Dec 2026, 09:02 UTC',
      codat: { since: new Date(downFrom).toISOString(), reason: 'Codat answered 503' },
    })

    // Codat answers again; the next scan finds them fresh before the hold runs out.
    const backAt = downFrom + 10 * MINUTE + SECOND
    tracker.observeUpstream({ status: 200 }, backAt)
    tracker.changesWritten(COMPANIES.map((id) => typeChange(id, 'healthy', 'stale')))
    for (let at = backAt; at <= backAt + 10 * MINUTE; at += MINUTE) await tracker.step(at)
    expect((await outbox()).map((message) => message.type)).toEqual([
      'alert.codat-down',
      'alert.codat-up',
    ])
  })
})
