// @vitest-environment node
// The scanner against a Codat that answers oddly: lists that end early or never end, repeated and
// unstorable values, huge bodies, redirects, path tricks, and a store that refuses records.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node.ts'
import { openDatabase } from '../store/database.ts'
import { createFleetStore, type FleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { allowLoopback, startFakeCodat, type FakeCodat } from '../testing/test-harness.ts'
import { company as storedCompany } from '../testing/fleet-store-contract.ts'
import { createCodatReader } from './codat-reader.ts'
import { createScanner, type Scanner } from './fleet-scanner.ts'
import { createRateGate } from './rate-gate.ts'
import { MAX_ANSWER_BYTES } from './reading-bounds.ts'

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const LINKED = uuid(900_001)

interface FakeCompany {
  id: string
  name: string
  connections?: unknown[]
  dataStatus?: Record<string, unknown>
}

const connection = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  integrationId: uuid(1),
  sourceId: uuid(2),
  sourceType: 'Accounting',
  platformName: 'Xero',
  linkUrl: 'https://link.codat.io/x',
  status: 'Linked',
  created: '2026-01-01T00:00:00Z',
  ...extra,
})

const healthyStatus = () => ({
  invoices: {
    dataType: 'invoices',
    currentStatus: 'Complete',
    lastSuccessfulSync: new Date(Date.now() - 3_600_000).toISOString(),
    latestSyncId: uuid(3),
  },
})

const paging = (page: number, pageSize: number, totalResults: number, results: unknown[]) => ({
  pageNumber: page,
  pageSize,
  totalResults,
  results,
  _links: { self: { href: '/x' }, current: { href: '/x' } },
})

/** A Codat whose company list and per-company answers a test rewrites. */
interface Script {
  companies: FakeCompany[]
  /** The page of the company list to send, by page number (defaults: honest paging). */
  listPage?: (page: number, pageSize: number) => { status: number; body?: unknown }
  connectionsPage?: (companyId: string, page: number) => unknown
  raw?: (req: IncomingMessage, res: ServerResponse) => boolean
}

let fake: FakeCodat
let store: FleetStore
let script: Script
let scanner: Scanner | undefined
let logs: string[] = []

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

beforeAll(async () => {
  fake = await startFakeCodat()
  fake.respond = (req, res) => {
    if (script.raw?.(req, res)) return
    const url = new URL(req.url ?? '/', 'http://x')
    const page = Number(url.searchParams.get('page') ?? 1)
    const pageSize = Number(url.searchParams.get('pageSize') ?? 100)
    if (url.pathname === '/companies') {
      const scripted = script.listPage?.(page, pageSize)
      if (scripted) return json(res, scripted.status, scripted.body ?? {})
      const all = script.companies.map(({ id, name }) => ({ id, name, redirect: 'https://x' }))
      return json(
        res,
        200,
        paging(page, pageSize, all.length, all.slice((page - 1) * pageSize, page * pageSize)),
      )
    }
    const match = /^\/companies\/([^/]+)\/(dataStatus|connections)$/.exec(url.pathname)
    const found = script.companies.find((c) => c.id === match?.[1])
    if (!match || !found) return json(res, 404, { statusCode: 404, error: 'Not found' })
    if (match[2] === 'dataStatus') return json(res, 200, found.dataStatus ?? healthyStatus())
    const scripted = script.connectionsPage?.(found.id, page)
    if (scripted) return json(res, 200, scripted)
    const all = found.connections ?? [connection(LINKED)]
    return json(res, 200, paging(page, 100, all.length, all.slice((page - 1) * 100, page * 100)))
  }
  const db = await openDatabase({ memory: true })
  await migrate(db)
  store = createFleetStore(db)
}, 90_000)

afterAll(async () => {
  await fake.close()
  await store.close()
})

beforeEach(async () => {
  allowLoopback(server)
  fake.requests.length = 0
  logs = []
  await store.db.query('TRUNCATE fleet_companies, fleet_state CASCADE')
})

afterEach(async () => {
  await scanner?.stop()
  scanner = undefined
})

function startScanner(options: { listPageSize?: number; store?: FleetStore } = {}) {
  const gate = createRateGate({ concurrency: 4, perMinute: 10_000, quotaReserve: 0.2 })
  const reader = createCodatReader({
    baseUrl: new URL(fake.url),
    authHeader: 'Basic dGVzdA==',
    timeoutMs: 5000,
    gate,
    retryDelaysMs: [10, 20],
  })
  scanner = createScanner({
    store: options.store ?? store,
    reader,
    gate,
    concurrency: 4,
    intervalMinutes: 30,
    staleHours: 24,
    log: (line) => logs.push(line),
    ...(options.listPageSize && { listPageSize: options.listPageSize }),
  })
  return scanner
}

async function scanOnce(options: Parameters<typeof startScanner>[0] = {}) {
  const running = startScanner(options)
  await running.start()
  // A scan now, even when the store's last scan is recent.
  running.requestScan()
  await running.idle()
  return running
}

const companies = (n: number, from = 1): FakeCompany[] =>
  Array.from({ length: n }, (_, i) => ({ id: uuid(from + i), name: `Company ${from + i}` }))

const events = (name: string) =>
  logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => e.event === name)

async function storedIds(): Promise<string[]> {
  const rows = await store.db.query<{ id: string }>('SELECT id FROM fleet_companies ORDER BY id')
  return rows.map((row) => row.id)
}

describe('the scanner against a hostile Codat', () => {
  it('counts the companies listed once each, the last page too', async () => {
    script = { companies: companies(6) }
    await scanOnce({ listPageSize: 4 })
    expect(events('scan-completed')[0]).toMatchObject({ companies: 6, removed: 0 })
    expect(await storedIds()).toHaveLength(6)
  })

  it('reads on past a full page even when totalResults says the list is over', async () => {
    const all = companies(7)
    script = {
      companies: all,
      listPage: (page, pageSize) => ({
        status: 200,
        body: paging(
          page,
          pageSize,
          3,
          all
            .slice((page - 1) * pageSize, page * pageSize)
            .map((c) => ({ ...c, redirect: 'https://x' })),
        ),
      }),
    }
    await scanOnce({ listPageSize: 3 })
    expect(await storedIds()).toHaveLength(7)
  })

  it('removes nothing after a list that ended early: a 404 page, a short page, a repeating page', async () => {
    const all = companies(8)
    script = { companies: all }
    await scanOnce({ listPageSize: 4 })
    expect(await storedIds()).toHaveLength(8)
    await scanner?.stop()
    const page = (n: number, total: number) =>
      paging(
        n,
        4,
        total,
        all.slice(0, 4).map((c) => ({ ...c, redirect: 'https://x' })),
      )
    const endings: Script['listPage'][] = [
      (n) => (n === 1 ? { status: 200, body: page(1, 8) } : { status: 404, body: {} }),
      (n) => ({
        status: 200,
        body: n === 1 ? page(1, 8) : paging(2, 4, 8, [{ ...all[4], redirect: 'https://x' }]),
      }),
      // Page 2 repeats page 1 and claims there is more, for ever.
      (n) => ({ status: 200, body: page(n, 8) }),
    ]
    for (const [index, listPage] of endings.entries()) {
      // Twice each: even two scans in a row that miss companies remove nothing.
      for (const _ of [1, 2]) {
        script = { companies: all, listPage }
        logs = []
        const running = await scanOnce({ listPageSize: 4 })
        await running.stop()
        expect(await storedIds(), `ending ${index}`).toHaveLength(8)
        // A list page that is not there fails the scan; a list that ends short is a partial scan.
        if (index === 0) expect(events('scan-failed')).toHaveLength(1)
        else {
          expect(events('scan-partial'), logs.join('\n')).toHaveLength(1)
          expect(running.status().lastScanPartial).toMatch(
            index === 1 ? /ended at 5 of the 8/ : /brought no new companies/,
          )
        }
      }
    }
  })

  it('removes a company only when two complete lists in a row leave it out', async () => {
    const all = companies(5)
    script = { companies: all }
    await scanOnce()
    await scanner?.stop()
    script = { companies: all.slice(0, 4) }
    await scanOnce()
    await scanner?.stop()
    expect(await storedIds()).toHaveLength(5)
    await scanner?.stop()
    await scanOnce()
    expect(await storedIds()).toEqual(all.slice(0, 4).map((c) => c.id))
  })

  it('keeps values PostgreSQL refuses out of the store, and the rest of the batch in it', async () => {
    const all = companies(30)
    const odd = all[3] as FakeCompany
    odd.name = 'Null\u0000 and lone \uD800 surrogate'
    odd.connections = [
      connection(LINKED, { lastSync: '0001-01-01T00:00:00+01:00', platformName: 'Sage\u0000' }),
      connection(LINKED),
    ]
    odd.dataStatus = {
      bills: {
        dataType: 'bills',
        currentStatus: 'Complete',
        lastSuccessfulSync: '0000-06-01T00:00:00Z',
      },
      billsAgain: { dataType: 'bills', currentStatus: 'FetchError' },
    }
    script = { companies: all }
    await scanOnce()
    expect(await storedIds()).toHaveLength(30)
    const record = (await store.loadCompanies([odd.id])).get(odd.id)
    expect(record?.name).toBe('Null and lone \uFFFD surrogate')
    expect(record?.connections).toEqual([
      expect.objectContaining({ id: LINKED, platformName: 'Sage', lastSync: null }),
    ])
    expect(record?.dataTypes.map((t) => [t.dataType, t.lastSuccessfulSync])).toEqual([
      ['bills', null],
    ])
    const cleaned = events('reading-cleaned')
    expect(cleaned).toHaveLength(1)
    expect(cleaned[0]).toMatchObject({ companyId: odd.id })
    expect(events('scan-completed')).toHaveLength(1)
  })

  it('stores the other companies one by one when the store refuses a batch for one of them', async () => {
    const all = companies(12)
    const refused = all[5]?.id as string
    const picky: FleetStore = {
      ...store,
      async writeCompanies(records, changes) {
        if (records.some((r) => r.id === refused)) throw new Error('invalid input syntax')
        return store.writeCompanies(records, changes)
      },
    }
    script = { companies: all }
    await scanOnce({ store: picky })
    expect(await storedIds()).toEqual(all.filter((c) => c.id !== refused).map((c) => c.id))
    expect(events('company-write-failed')).toEqual([
      expect.objectContaining({ companyId: refused }),
    ])
    expect(events('scan-completed')).toHaveLength(1)
  })

  it('ends a connection list that repeats for ever, keeps one of each id and says the reading was cut', async () => {
    const one = companies(1)
    script = {
      companies: one,
      // Every page: the same 100 connections (one id twice), and a total that is never met.
      connectionsPage: (_id, page) =>
        paging(page, 100, 1_000_000, [
          connection(LINKED),
          ...Array.from({ length: 99 }, (_, i) => connection(uuid(500_000 + (i % 98)))),
        ]),
    }
    await scanOnce()
    const connectionReads = fake.requests.filter((r) => r.url.includes('/connections'))
    expect(connectionReads.length).toBe(2)
    const record = (await store.loadCompanies([one[0]?.id as string])).get(one[0]?.id as string)
    expect(record?.connections).toHaveLength(99)
    expect(record?.readProblem).toMatch(/connection pages repeat after 99 connections/)
    // The Fleet row says so too.
    const page = await store.query({ sort: 'name', page: 1, pageSize: 10 })
    expect(page.companies.results[0]?.readProblem).toMatch(/repeat/)
    expect(events('reading-cut-short')).toHaveLength(1)
    expect(events('scan-completed')).toHaveLength(1)
  })

  it('sends no request for a company ID that is not a UUID', async () => {
    script = {
      companies: [
        ...companies(2),
        { id: '..', name: 'Dots' },
        { id: 'a/../../x', name: 'Slashes' },
      ],
    }
    await scanOnce()
    expect(
      fake.requests.map((r) => r.url).filter((u) => !u.startsWith('/companies?')),
    ).toHaveLength(4)
    expect(fake.requests.some((r) => r.url.includes('..'))).toBe(false)
    expect(events('company-id-refused')).toHaveLength(2)
    expect(await storedIds()).toHaveLength(2)
  })

  it('refuses an answer over the size limit without reading it all, and follows no redirect', async () => {
    const [big, moved, fine] = companies(3)
    script = {
      companies: [big, moved, fine] as FakeCompany[],
      raw: (req, res) => {
        if (req.url === `/companies/${big?.id}/dataStatus`) {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          // A body that never ends: only the limit stops it.
          const chunk = Buffer.alloc(64 * 1024, 32)
          const write = () => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once('drain', write)
          }
          write()
          return true
        }
        if (req.url === `/companies/${moved?.id}/dataStatus`) {
          res.writeHead(302, { Location: `${fake.url}/elsewhere` }).end()
          return true
        }
        return false
      },
    }
    await scanOnce()
    expect(await storedIds()).toEqual([fine?.id])
    const failed = events('company-read-failed')
    expect(failed.map((e) => e.companyId).sort()).toEqual([big?.id, moved?.id].sort())
    expect(JSON.stringify(failed)).toContain(`${MAX_ANSWER_BYTES}-byte limit`)
    expect(fake.requests.some((r) => r.url === '/elsewhere')).toBe(false)
  })

  it('keeps its status readable whatever X-Rate-Limit-Reset says', async () => {
    script = {
      companies: companies(2),
      raw: (req, res) => {
        if (!req.url?.startsWith('/companies?')) return false
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Rate-Limit-Limit': '1000',
          'X-Rate-Limit-Remaining': '1',
          'X-Rate-Limit-Reset': '99999999999999',
        })
        res.end(JSON.stringify(paging(1, 1000, 0, [])))
        return true
      },
    }
    const running = startScanner()
    await running.start()
    await waitFor(() => running.status().state === 'paused')
    const status = running.status()
    expect(Date.parse(status.pausedUntil ?? '') - Date.now()).toBeLessThanOrEqual(25 * 3_600_000)
    expect(() => JSON.stringify(running.status())).not.toThrow()
  })

  it('stays up when the store fails under a follow-up read, and writes the reading once it is back', async () => {
    script = { companies: companies(3) }
    await scanOnce()
    await store.writeCompanies([storedCompany('x')], [])
    let isAway = true
    const flaky: FleetStore = {
      ...store,
      loadCompanies: (ids) =>
        isAway ? Promise.reject(new Error('Connection terminated')) : store.loadCompanies(ids),
      writeCompanies: (records, changes) =>
        isAway
          ? Promise.reject(new Error('Connection terminated'))
          : store.writeCompanies(records, changes),
    }
    await scanner?.stop()
    const running = startScanner({ store: flaky })
    await running.start()
    await running.idle()
    const target = companies(1)[0] as FakeCompany
    target.name = 'Renamed'
    script = { companies: [target, ...companies(2, 2)] }
    // A follow-up without a name looks the name up in the store first (outside any try, before).
    running.enqueue([{ id: target.id }])
    running.enqueue([{ id: companies(1, 2)[0]?.id as string, name: 'Company 2' }])
    await waitFor(
      () => events('company-read-failed').length + events('store-write-failed').length >= 2,
    )
    isAway = false
    await waitFor(() => events('store-write-recovered').length > 0)
    await running.idle()
    expect((await store.loadCompanies([companies(1, 2)[0]?.id as string])).size).toBe(1)
  })
})

async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out; log:\n${logs.join('\n')}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
