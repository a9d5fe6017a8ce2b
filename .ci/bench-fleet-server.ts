// The console server's fleet work for the bench, in a process of its own: full scans and fleet queries, then its peak RSS.
import { readFileSync } from 'node:fs'
import type { ResolvedFleetQuery } from '../src/api/fleet-schemas.ts'
import { createCodatReader } from '../src/server/fleet/codat-reader.ts'
import { createScanner } from '../src/server/fleet/fleet-scanner.ts'
import { createRateGate } from '../src/server/fleet/rate-gate.ts'
import { readCost, type ReadCost } from '../src/server/fleet/read-cost.ts'
import { openDatabase } from '../src/server/store/database.ts'
import { createFleetStore } from '../src/server/store/fleet-store.ts'
import { migrate } from '../src/server/store/migrate.ts'

/** requestsPerCompany counts the scan's own reads; list pages, follow-ups and retries apart. */
export interface ScanFigures extends ReadCost {
  concurrency: number
  companies: number
  wallSeconds: number
  /** What FLEET_MAX_REQUESTS_PER_MINUTE alone allows for the same requests. */
  perMinuteBoundSeconds: number
  /** This process's peak RSS so far, at the end of the scan. */
  peakRssMb: number
}

export interface QueryFigures {
  shape: string
  /** Wall-clock milliseconds, what a user waits. */
  p50: number
  p95: number
  max: number
  /** CPU milliseconds this process spent on it: what the query costs on a machine shared by others. */
  cpuP50: number
  cpuP95: number
}

export interface ServerFigures {
  scans: ScanFigures[]
  dataTypes: number
  queries: QueryFigures[]
  peakRssMb: number
}

/** The kernel's high-water mark of this process's resident memory: no sample can miss a peak. */
export function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  const kb = match ? Number(match[1]) : process.memoryUsage().rss / 1024
  return Math.round(kb / 1024)
}

const SHAPES: { shape: string; query: ResolvedFleetQuery }[] = [
  { shape: 'all, by health', query: { sort: 'health', page: 1, pageSize: 100 } },
  {
    shape: 'health=failing, by name, page 3',
    query: { health: 'failing', sort: 'name', page: 3, pageSize: 50 },
  },
  {
    shape: 'dataType=invoices, by -oldestSync',
    query: { dataType: 'invoices', sort: '-oldestSync', page: 1, pageSize: 100 },
  },
  {
    shape: 'platform=Xero & q=a, by readAt, page 2',
    query: { platform: 'Xero', q: 'a', sort: 'readAt', page: 2, pageSize: 100 },
  },
  {
    shape: 'q=ltd, by -health, 500 rows',
    query: { q: 'ltd', sort: '-health', page: 1, pageSize: 500 },
  },
]

const ROUNDS = 40
const round1 = (v: number) => Math.round(v * 10) / 10
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0

export async function runFleetServer(
  companies: number,
  port: number,
  dataDir: string,
): Promise<ServerFigures> {
  const db = await openDatabase({ dataDir })
  await migrate(db)
  const store = createFleetStore(db)
  const scans: ScanFigures[] = []
  for (const concurrency of [4, 10]) {
    await db.query('TRUNCATE fleet_companies, fleet_health_changes, fleet_state CASCADE')
    // The per-minute cap is lifted so the figure shows what the scanner and store can do.
    const gate = createRateGate({ concurrency, perMinute: 1e9, quotaReserve: 0.2 })
    const reader = createCodatReader({
      baseUrl: new URL(`http://127.0.0.1:${port}`),
      authHeader: `Basic ${Buffer.from('bench').toString('base64')}`,
      timeoutMs: 30_000,
      gate,
    })
    const scanner = createScanner({
      store,
      reader,
      gate,
      concurrency,
      intervalMinutes: 30,
      staleHours: 24,
      log: () => undefined,
    })
    const started = performance.now()
    await scanner.start()
    await scanner.idle()
    const wallSeconds = (performance.now() - started) / 1000
    await scanner.stop()
    const requests = reader.requestCount()
    scans.push({
      concurrency,
      companies,
      wallSeconds: round1(wallSeconds),
      ...readCost(reader.counts(), companies),
      perMinuteBoundSeconds: Math.round((requests / 300) * 60),
      peakRssMb: peakRssMb(),
    })
  }
  const [{ n: dataTypes } = { n: 0 }] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM fleet_data_types',
  )
  const times = SHAPES.map(() => [] as number[])
  const cpu = SHAPES.map(() => [] as number[])
  for (let round = 0; round < ROUNDS; round += 1)
    for (const [index, { query }] of SHAPES.entries()) {
      const t = performance.now()
      const c = process.cpuUsage()
      await store.query(query)
      const used = process.cpuUsage(c)
      times[index]!.push(performance.now() - t)
      cpu[index]!.push((used.user + used.system) / 1000)
    }
  await db.close()
  return {
    scans,
    dataTypes,
    queries: SHAPES.map(({ shape }, index) => ({
      shape,
      p50: round1(percentile(times[index]!, 0.5)),
      p95: round1(percentile(times[index]!, 0.95)),
      max: round1(Math.max(...times[index]!)),
      cpuP50: round1(percentile(cpu[index]!, 0.5)),
      cpuP95: round1(percentile(cpu[index]!, 0.95)),
    })),
    peakRssMb: peakRssMb(),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [companies, port, dataDir] = process.argv.slice(2)
  const figures = await runFleetServer(Number(companies), Number(port), dataDir!)
  process.stdout.write(`FIGURES ${JSON.stringify(figures)}\n`)
  process.exit(0)
}
