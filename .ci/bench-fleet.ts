// Fleet figures: a full scan of N simulated companies (wall time, requests per company, peak RSS) and fleet-query p95.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCodatReader } from '../src/server/fleet/codat-reader.ts'
import { createScanner } from '../src/server/fleet/fleet-scanner.ts'
import { createRateGate } from '../src/server/fleet/rate-gate.ts'
import { readCost, type ReadCost } from '../src/server/fleet/read-cost.ts'
import { openDatabase } from '../src/server/store/database.ts'
import type { FleetQuery } from '../src/server/store/fleet-query.ts'
import { createFleetStore } from '../src/server/store/fleet-store.ts'
import { migrate } from '../src/server/store/migrate.ts'

/** requestsPerCompany counts the scan's own reads; list pages, follow-ups and retries apart. */
export interface ScanFigures extends ReadCost {
  concurrency: number
  companies: number
  wallSeconds: number
  /** What FLEET_MAX_REQUESTS_PER_MINUTE alone allows for the same requests. */
  perMinuteBoundSeconds: number
}

export interface FleetFigures {
  scans: ScanFigures[]
  peakRssMb: number
  dataTypes: number
  queryMs: { p50: number; p95: number; max: number }
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0

export async function measureFleet(companies: number, port: number): Promise<FleetFigures> {
  // node itself (not the tsx wrapper), so stopping it stops the simulation.
  const sim = spawn(process.execPath, ['--import', 'tsx', 'src/mocks/sim-cli.ts'], {
    env: { ...process.env, SIM_PORT: String(port), SIM_COMPANIES: String(companies) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    sim.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve())
    sim.on('exit', () => reject(new Error('the simulation did not start')))
  })
  let peakRss = 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200)
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'))
  const scans: ScanFigures[] = []
  try {
    const db = await openDatabase({ dataDir: dir })
    await migrate(db)
    const store = createFleetStore(db)
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
        wallSeconds: Math.round(wallSeconds * 10) / 10,
        ...readCost(reader.counts(), companies),
        perMinuteBoundSeconds: Math.round((requests / 300) * 60),
      })
    }
    const [{ n: dataTypes } = { n: 0 }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM fleet_data_types',
    )
    const queries: FleetQuery[] = [
      { sort: 'health', descending: false, page: 1, pageSize: 100 },
      { health: 'failing', sort: 'name', descending: false, page: 3, pageSize: 50 },
      { dataType: 'invoices', sort: 'oldestSync', descending: true, page: 1, pageSize: 100 },
      { platform: 'Xero', q: 'a', sort: 'readAt', descending: false, page: 2, pageSize: 100 },
      { q: 'ltd', sort: 'health', descending: true, page: 1, pageSize: 500 },
    ]
    const times: number[] = []
    for (let round = 0; round < 40; round += 1)
      for (const query of queries) {
        const t = performance.now()
        await store.query(query)
        times.push(performance.now() - t)
      }
    await db.close()
    const round = (v: number) => Math.round(v * 10) / 10
    return {
      scans,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      dataTypes,
      queryMs: {
        p50: round(percentile(times, 0.5)),
        p95: round(percentile(times, 0.95)),
        max: round(Math.max(...times)),
      },
    }
  } finally {
    clearInterval(sampler)
    sim.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureFleet(
    Number(process.env.BENCH_FLEET_COMPANIES ?? 10_000),
    Number(process.env.BENCH_SIM_PORT ?? 4710),
  )
  console.log(JSON.stringify(figures, null, 2))
  process.exit(0)
}
