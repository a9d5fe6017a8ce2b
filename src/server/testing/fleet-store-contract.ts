// Test-only: the behaviour every fleet store must show, run on the embedded database and on PostgreSQL.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { CompanyRecord } from '../../lib/fleet-row.ts'
import type { Database } from '../store/database.ts'
import {
  createFleetStore,
  FLEET_SIGNAL_CHANNEL,
  HEALTH_HISTORY,
  type FleetStore,
} from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'

export function company(id: string, overrides: Partial<CompanyRecord> = {}): CompanyRecord {
  return {
    id,
    name: `Company ${id}`,
    health: 'healthy',
    connections: [
      {
        id: `${id}-c`,
        platformName: 'Xero',
        sourceType: 'Accounting',
        status: 'Linked',
        lastSync: null,
      },
    ],
    dataTypes: [
      {
        dataType: 'invoices',
        status: 'Complete',
        lastSuccessfulSync: '2026-11-30T10:00:00.000Z',
        latestSyncId: 'a',
        health: 'healthy',
        since: null,
        failuresInARow: null,
        lastError: null,
        readAt: '2026-12-01T00:00:00.000Z',
      },
    ],
    problems: [],
    platforms: ['Xero'],
    oldestLastSuccessfulSync: '2026-11-30T10:00:00.000Z',
    readAt: '2026-12-01T00:00:00.000Z',
    hasInProgress: false,
    ...overrides,
  }
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function describeFleetStore(label: string, open: () => Promise<Database>): void {
  describe(`fleet store on ${label}`, () => {
    let db: Database
    let store: FleetStore
    beforeAll(async () => {
      db = await open()
      await migrate(db)
      store = createFleetStore(db)
      // Creating an embedded cluster takes a few seconds, more on a busy machine.
    }, 90_000)
    /** Listeners a test started, stopped after it whatever happened. */
    const stops: (() => Promise<void>)[] = []
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop()
    })
    afterAll(() => db.close())
    beforeEach(async () => {
      await db.query(
        'TRUNCATE fleet_companies, fleet_health_changes, fleet_webhook_deliveries, fleet_state, fleet_reread_queue CASCADE',
      )
    })

    it('applies each migration once, even when started again', async () => {
      expect(await migrate(db)).toEqual([])
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations')
      expect(rows.map((row) => row.version)).toContain(1)
    })

    it('keeps a company with its connections, data types and summary', async () => {
      const failing = company('b', {
        name: 'Beta Ltd',
        health: 'failing',
        dataTypes: [
          {
            dataType: 'invoices',
            status: 'FetchError',
            lastSuccessfulSync: '2026-11-28T10:00:00.000Z',
            latestSyncId: 'f3',
            health: 'failing',
            since: '2026-11-29T08:00:00.000Z',
            failuresInARow: 3,
            lastError: 'Xero answered 503: Service Unavailable',
            readAt: '2026-12-01T00:00:00.000Z',
          },
        ],
        problems: [
          {
            dataType: 'invoices',
            health: 'failing',
            status: 'FetchError',
            since: '2026-11-29T08:00:00.000Z',
            failuresInARow: 3,
          },
        ],
      })
      await store.writeCompanies(
        [company('a'), failing],
        [
          {
            companyId: 'b',
            dataType: 'invoices',
            health: 'failing',
            previousHealth: 'healthy',
            changedAt: '2026-11-29T08:00:00.000Z',
          },
        ],
      )
      const loaded = await store.loadCompanies(['b'])
      expect(loaded.get('b')).toEqual(failing)
      const changes = await db.query<{ health: string }>('SELECT health FROM fleet_health_changes')
      expect(changes).toEqual([{ health: 'failing' }])
    })

    it('rewrites a company read again instead of duplicating it', async () => {
      await store.writeCompanies([company('a')], [])
      await store.writeCompanies(
        [company('a', { name: 'Renamed', connections: [], platforms: [] })],
        [],
      )
      const loaded = (await store.loadCompanies(['a'])).get('a')
      expect(loaded?.name).toBe('Renamed')
      expect(loaded?.connections).toEqual([])
      expect((await store.countByHealth()).healthy).toBe(1)
    })

    it('filters, sorts and pages the fleet, with counts over the whole fleet', async () => {
      await store.writeCompanies(
        [
          company('1', { name: 'alpha', health: 'healthy' }),
          company('2', {
            name: 'Bravo',
            health: 'failing',
            problems: [
              {
                dataType: 'bills',
                health: 'failing',
                status: 'MapError',
                since: null,
                failuresInARow: null,
              },
            ],
          }),
          company('3', {
            name: 'charlie',
            health: 'needs_relink',
            platforms: ['QuickBooks Online'],
          }),
          company('4', {
            name: 'delta',
            health: 'failing',
            problems: [
              {
                dataType: 'invoices',
                health: 'failing',
                status: 'FetchError',
                since: null,
                failuresInARow: 1,
              },
            ],
          }),
        ],
        [],
      )
      const base = { sort: 'health' as const, page: 1, pageSize: 2 }
      const first = await store.query(base)
      expect(first.summary).toEqual({
        total: 4,
        byHealth: {
          needs_relink: 1,
          failing: 2,
          stale: 0,
          in_progress: 0,
          never_synced: 0,
          healthy: 1,
          no_connections: 0,
        },
      })
      expect(first.companies.results.map((c) => c.name)).toEqual(['charlie', 'Bravo'])
      expect(first.companies.totalResults).toBe(4)
      const second = await store.query({ ...base, page: 2 })
      expect(second.companies.results.map((c) => c.name)).toEqual(['delta', 'alpha'])
      const byType = await store.query({ ...base, dataType: 'invoices' })
      expect(byType.companies.results.map((c) => c.name)).toEqual(['delta'])
      expect(byType.summary.total).toBe(4)
      const byPlatform = await store.query({ ...base, platform: 'QuickBooks Online' })
      expect(byPlatform.companies.results.map((c) => c.id)).toEqual(['3'])
      const byName = await store.query({ ...base, q: 'BRA', sort: '-name' as const })
      expect(byName.companies.results.map((c) => c.id)).toEqual(['2'])
      const byId = await store.query({ ...base, q: '4' })
      expect(byId.companies.results.map((c) => c.id)).toEqual(['4'])
      const names = await store.query({ ...base, sort: '-name' as const, pageSize: 10 })
      expect(names.companies.results.map((c) => c.name)).toEqual([
        'delta',
        'charlie',
        'Bravo',
        'alpha',
      ])
    })

    it('keeps the counts per health as companies come, change health and go', async () => {
      const counts = async () =>
        Object.fromEntries(Object.entries(await store.countByHealth()).filter(([, n]) => n > 0))
      await store.writeCompanies(
        [company('1'), company('2'), company('3', { health: 'failing' })],
        [],
      )
      expect(await counts()).toEqual({ healthy: 2, failing: 1 })
      // Read again: one company's health changes, another's stays, a new one arrives.
      await store.writeCompanies(
        [company('1', { health: 'stale' }), company('3', { health: 'failing' }), company('4')],
        [],
      )
      expect(await counts()).toEqual({ healthy: 2, failing: 1, stale: 1 })
      await store.removeCompanies(['3'])
      expect(await counts()).toEqual({ healthy: 2, stale: 1 })
      const page = await store.query({ sort: 'name', page: 1, pageSize: 10 })
      expect(page.summary.total).toBe(3)
      expect(page.companies.totalResults).toBe(3)
      await db.query('TRUNCATE fleet_companies CASCADE')
      expect(await counts()).toEqual({})
    })

    it('forgets companies two complete scans in a row no longer list, but not ones added during a scan', async () => {
      await store.writeCompanies([company('old'), company('kept'), company('back')], [])
      const started = new Date(Date.now() + 1000).toISOString()
      await store.markListed(['kept'], 7)
      // One complete scan without them: a miss, not yet a removal.
      expect(await store.removeUnlisted(7, started)).toBe(0)
      expect([...(await store.loadCompanies(['old', 'kept', 'back'])).keys()].sort()).toEqual([
        'back',
        'kept',
        'old',
      ])
      // Missed by 7 and 8 in a row: gone. Listed by 8 after a miss in 7: its count starts over.
      await store.markListed(['kept', 'back'], 8)
      expect(await store.removeUnlisted(8, started)).toBe(1)
      expect((await store.loadCompanies(['old'])).size).toBe(0)
      await store.markListed(['kept'], 9)
      expect(await store.removeUnlisted(9, started)).toBe(0)
      await store.markListed(['kept'], 10)
      expect(await store.removeUnlisted(10, started)).toBe(1)
      expect([...(await store.loadCompanies(['old', 'kept', 'back'])).keys()]).toEqual(['kept'])
      // Added after a scan began (a webhook, say): not that scan's to judge.
      const laterStart = new Date(Date.now() - 60_000).toISOString()
      await store.writeCompanies([company('new')], [])
      expect(await store.removeUnlisted(11, laterStart)).toBe(0)
      expect(await store.removeUnlisted(12, laterStart)).toBe(0)
      expect((await store.loadCompanies(['new'])).size).toBe(1)
    })

    it('recognises a webhook delivery it has processed before', async () => {
      expect(await store.recordDelivery('msg_1', 'read.completed')).toBe(true)
      expect(await store.recordDelivery('msg_1', 'read.completed')).toBe(false)
    })

    it('keeps all of a transaction or, when it fails, none of it', async () => {
      await store.writeCompanies([company('a')], [])
      await expect(
        store.inTransaction(async (tx) => {
          expect(await tx.recordDelivery('msg_1', 'company.deleted')).toBe(true)
          await tx.removeCompanies(['a'])
          await tx.queueRereads([{ id: 'b' }])
          throw new Error('the connection dropped')
        }),
      ).rejects.toThrow('the connection dropped')
      expect((await store.loadCompanies(['a'])).size).toBe(1)
      expect(await store.takeRereads(10)).toEqual([])
      // The delivery was not kept either: Codat's retry is processed.
      await store.inTransaction(async (tx) => {
        expect(await tx.recordDelivery('msg_1', 'company.deleted')).toBe(true)
        await tx.writeCompanies([company('a', { name: 'Renamed' })], [])
      })
      expect((await store.loadCompanies(['a'])).get('a')?.name).toBe('Renamed')
    })

    it('queues companies to read again, each once, oldest first', async () => {
      await store.queueRereads([{ id: 'a', name: 'Alpha' }, { id: 'b' }])
      await store.queueRereads([{ id: 'a' }])
      expect(await store.takeRereads(10)).toEqual(
        expect.arrayContaining([
          { id: 'a', name: 'Alpha' },
          { id: 'b', name: undefined },
        ]),
      )
      expect(await store.takeRereads(10)).toEqual([])
    })

    it('keeps the health history bounded: a month, and a cap per company', async () => {
      const day = 24 * 60 * 60_000
      const change = (companyId: string, agoMs: number, health = 'failing') => ({
        companyId,
        dataType: 'invoices',
        health,
        previousHealth: 'healthy',
        changedAt: new Date(Date.now() - agoMs).toISOString(),
      })
      const changes = [
        change('old', 40 * day),
        change('old', 2 * day, 'stale'),
        // A company that flapped: more changes than the cap, the newest kept.
        ...Array.from({ length: HEALTH_HISTORY.perCompany + 20 }, (_, i) =>
          change('flappy', i * 60_000, i === 0 ? 'newest' : 'failing'),
        ),
      ]
      // A new store prunes with its first changes: nothing older than a month is kept.
      await createFleetStore(db).writeCompanies([company('old'), company('flappy')], changes)
      const count = async (companyId: string) =>
        (
          await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM fleet_health_changes WHERE company_id = $1',
            [companyId],
          )
        )[0]?.n
      expect(await count('old')).toBe(1)
      expect(await count('flappy')).toBe(HEALTH_HISTORY.perCompany)
      const [newest] = await db.query<{ health: string }>(
        `SELECT health FROM fleet_health_changes WHERE company_id = 'flappy'
         ORDER BY changed_at DESC LIMIT 1`,
      )
      expect(newest?.health).toBe('newest')
      // Called directly, with tighter limits.
      expect(await store.pruneHealthChanges({ maxAgeDays: 1, perCompany: 10 })).toBe(
        1 + HEALTH_HISTORY.perCompany - 10,
      )
      expect(await count('old')).toBe(0)
    })

    it('keeps a "scan now" until a scanner takes it, once, and a cool-down between them', async () => {
      expect(await store.scanRequest()).toBeUndefined()
      expect(await store.takeScanRequest()).toBe(false)
      const first = await store.requestScan(60_000)
      expect(first.isNew).toBe(true)
      expect(await store.requestScan(60_000)).toEqual({
        isNew: false,
        requestedAt: first.requestedAt,
      })
      expect(await store.scanRequest()).toEqual({ requestedAt: first.requestedAt, isTaken: false })
      expect(await store.takeScanRequest()).toBe(true)
      expect(await store.takeScanRequest()).toBe(false)
      expect((await store.scanRequest())?.isTaken).toBe(true)
      // Past the cool-down, a new request waits again.
      const next = await store.requestScan(0)
      expect(next.isNew).toBe(true)
      expect(await store.takeScanRequest()).toBe(true)
    })

    it('keeps scanner state, and reads it back only in the shape asked for', async () => {
      const scanSchema = z.object({ lastCompletedAt: z.string() })
      expect(await store.getState('scan', scanSchema)).toBeUndefined()
      await store.setState('scan', { lastCompletedAt: '2026-12-01T00:00:00.000Z' })
      expect(await store.getState('scan', scanSchema)).toEqual({
        lastCompletedAt: '2026-12-01T00:00:00.000Z',
      })
      // Written by some other version, or by hand: not what the reader expects, so not there.
      await store.setState('scan', { lastCompletedAt: 7 })
      expect(await store.getState('scan', scanSchema)).toBeUndefined()
    })

    it('announces re-reads, a new "scan now" and committed signals to every listener', async () => {
      const heard: string[] = []
      let ready = false
      stops.push(
        await db.listen(
          FLEET_SIGNAL_CHANNEL,
          (payload) => heard.push(payload),
          () => (ready = true),
        ),
      )
      await until(() => ready)
      await store.queueRereads([{ id: 'a' }])
      await store.requestScan(60_000)
      // Within the cool-down: nothing new to announce.
      await store.requestScan(60_000)
      await store.inTransaction(async (tx) => tx.announce('pause'))
      await store
        .inTransaction(async (tx) => {
          await tx.announce('scan-request')
          throw new Error('rolled back')
        })
        .catch(() => undefined)
      await until(() => heard.length >= 3)
      // One more round trip: a notification still on its way would land before this one.
      await store.announce('rereads')
      await until(() => heard.length >= 4)
      expect(heard).toEqual(['rereads', 'scan-request', 'pause', 'rereads'])
    })
  })
}
