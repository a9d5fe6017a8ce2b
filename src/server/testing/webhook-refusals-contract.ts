// Test-only: refused webhook deliveries counted by several processes in one store, on the embedded database and on PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createRefusalTally } from '../webhooks/webhook-refusal-tally.ts'
import type { Database, SqlRunner } from '../store/database.ts'
import { migrate } from '../store/migrate.ts'

const MINUTE = 60_000
const START = Date.parse('2026-12-06T10:00:30.000Z')

export function describeRefusalStore(label: string, open: () => Promise<Database>): void {
  describe(`webhook refusals on ${label}`, () => {
    let db: Database
    let clock = START
    const tallies: { stop(): void }[] = []
    const tally = (runner: SqlRunner = db) => {
      // A flush timer that never fires on its own: the tests flush when they mean to.
      const made = createRefusalTally({
        db: runner,
        flushMs: 3_600_000,
        now: () => clock,
        log: () => undefined,
      })
      tallies.push(made)
      return made
    }
    beforeAll(async () => {
      db = await open()
      await migrate(db)
    }, 90_000)
    afterAll(async () => {
      for (const made of tallies) made.stop()
      await db.close()
    })
    beforeEach(async () => {
      clock = START
      await db.query('TRUNCATE fleet_webhook_refusals')
    })

    it('adds up what every process refused, by reason, with the latest', async () => {
      const first = tally()
      const second = tally()
      first.note('signature')
      first.note('signature')
      clock += 20_000
      first.note('stale')
      await first.flush()
      clock += 5_000
      second.note('signature')
      expect(await second.summary()).toEqual({
        lastHour: 4,
        lastAt: new Date(START + 25_000).toISOString(),
        byReason: [
          { reason: 'signature', count: 3 },
          { reason: 'stale', count: 1 },
        ],
      })
    })

    it('shows only the last hour, and keeps no more than that in the store', async () => {
      const counter = tally()
      counter.note('headers')
      await counter.flush()
      clock += 30 * MINUTE
      counter.note('body')
      await counter.flush()
      clock += 40 * MINUTE
      counter.note('stale')
      const summary = await counter.summary()
      expect(summary.lastHour).toBe(2)
      expect(summary.byReason.map((r) => r.reason).sort()).toEqual(['body', 'stale'])
      const rows = await db.query<{ n: number }>(
        'SELECT count(*)::integer AS n FROM fleet_webhook_refusals',
      )
      expect(rows[0]?.n).toBe(2)
    })

    it('keeps counts it could not write for the next try', async () => {
      let isDown = true
      const flaky: SqlRunner = {
        query: (sql, params) =>
          isDown ? Promise.reject(new Error('store unavailable')) : db.query(sql, params),
      }
      const counter = tally(flaky)
      counter.note('signature')
      await expect(counter.flush()).rejects.toThrow('store unavailable')
      counter.note('signature')
      isDown = false
      expect((await counter.summary()).lastHour).toBe(2)
    })
  })
}
