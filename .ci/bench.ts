// `npm run bench`: the performance figures quoted in release notes, measured, not assumed.
//   1. bundle: gzipped JS of the first screen, and every chunk loaded on demand;
//   2. proxy: latency one Codat call gains through the proxy; capacity at 50 connections;
//   3. history: a 5,000-row page in Chromium (show, re-sort, DOM rows, scroll frame times),
//      from e2e/demo/history-performance.spec.ts;
//   4. fleet: a full scan of simulated companies and fleet queries over the store;
//   5. bulk refresh: 1,000 requests through the rate gate, against the dry run's estimate.
// `--check` exits non-zero when a budget (e2e/support/budgets.ts) is missed. `--deterministic`
// keeps to what does not depend on the machine (sizes; the DOM row count is gated by the e2e
// spec), and `--dist DIR` measures an existing build instead of building: that is what `npm test`
// runs. Writes .reports/bench.json and, with --check, .reports/budgets.json.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { BUDGETS } from '../e2e/support/budgets.ts'
import { kB, measureBundle } from '../e2e/support/bundle-size.ts'
import { measureBulk } from './bench-bulk.ts'
import { measureFleet } from './bench-fleet.ts'
import { measureProxy } from './bench-proxy.ts'

const args = process.argv.slice(2)
const isCheck = args.includes('--check')
const isDeterministic = args.includes('--deterministic')
const distArg = args.indexOf('--dist')
const dist = distArg >= 0 ? args[distArg + 1]! : 'dist'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500)
const results: Record<string, unknown> = {}
const checks: { name: string; ok: boolean; measured: string; budget: string }[] = []
const check = (name: string, ok: boolean, measured: string, budget: string) =>
  checks.push({ name, ok, measured, budget })
const ms = (value: number) => `${value.toFixed(2)} ms`

// 1. Bundle: the production build (`npm run build`), or the one given.
if (distArg < 0) {
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--logLevel', 'warn'], {
    stdio: 'inherit',
  })
}
const bundle = measureBundle(dist)
results.bundle = bundle
console.log(
  `\nBundle: first screen ${kB(bundle.firstScreenGzip)} gzip ` +
    `(budget ${kB(BUDGETS.firstScreenGzipBytes)}), all JS ${kB(bundle.totalGzip)} gzip`,
)
for (const chunk of bundle.firstScreen) console.log(`  eager ${chunk.file} ${kB(chunk.gzipBytes)}`)
for (const chunk of bundle.lazy) console.log(`  lazy  ${chunk.file} ${kB(chunk.gzipBytes)}`)
check(
  'first screen JS, gzip',
  bundle.firstScreenGzip <= BUDGETS.firstScreenGzipBytes,
  kB(bundle.firstScreenGzip),
  `≤ ${kB(BUDGETS.firstScreenGzipBytes)}`,
)
const lazyRoutes = bundle.lazy.filter((chunk) => /-route-/.test(chunk.file))
check(
  'routes loaded on demand',
  lazyRoutes.some((chunk) => chunk.file.includes('operation-route')),
  lazyRoutes
    .map((chunk) => `${chunk.file.replace(/^assets\//, '')} ${kB(chunk.gzipBytes)}`)
    .join(', ') || 'none',
  'the operation detail route at least',
)

if (!isDeterministic) {
  // 2. Proxy.
  const proxy = await measureProxy(dist, ROUNDS)
  results.proxy = proxy
  const { sequential: seq, capacity: cap } = proxy
  console.log(
    `\nProxy, ${seq.rounds} sequential GET /companies/{id}/dataStatus on loopback:\n` +
      `  direct  p50 ${ms(seq.directMs.p50)}, p95 ${ms(seq.directMs.p95)}\n` +
      `  proxied p50 ${ms(seq.proxiedMs.p50)}, p95 ${ms(seq.proxiedMs.p95)}\n` +
      `  overhead p50 ${ms(seq.overheadP50Ms)}\n` +
      `Proxy capacity, ${cap.connections} connections for ${cap.seconds} s against a trivial upstream:\n` +
      `  upstream alone ${cap.upstreamRps} req/s; through npm start ${cap.proxiedRps} req/s` +
      (cap.proxiedErrors ? ` (${cap.proxiedErrors} errors)` : ''),
  )
  check(
    'proxy overhead p50',
    seq.overheadP50Ms <= BUDGETS.proxyOverheadP50Ms,
    ms(seq.overheadP50Ms),
    `≤ ${BUDGETS.proxyOverheadP50Ms} ms`,
  )

  // 3. History page of 5,000 rows in Chromium.
  mkdirSync('.reports', { recursive: true })
  const figuresFile = '.reports/bench-history.json'
  writeFileSync(figuresFile, '{}')
  const run = spawnSync(
    'npx',
    ['playwright', 'test', 'e2e/demo/history-performance.spec.ts', '--reporter=line'],
    { stdio: 'inherit', env: { ...process.env, CI: '1', E2E_JSON: '.reports/bench-e2e.json' } },
  )
  const history = JSON.parse(readFileSync(figuresFile, 'utf8')) as {
    timeToRowsMs?: number
    resortMs?: number
    scroll?: { maxTrWhileScrolling: number }
  }
  results.history = history
  console.log('\nHistory, 5,000-row page:', JSON.stringify(history, null, 2))
  const { timeToRowsMs, resortMs, scroll } = history
  check('history spec ran', run.status === 0, `exit ${run.status}`, 'passes')
  check(
    '5,000 rows shown (the console’s share)',
    timeToRowsMs !== undefined && timeToRowsMs <= BUDGETS.historyShowMs,
    `${timeToRowsMs} ms`,
    `≤ ${BUDGETS.historyShowMs} ms`,
  )
  check(
    '5,000 rows re-sorted (the console’s share, median of 5)',
    resortMs !== undefined && resortMs <= BUDGETS.historyResortMs,
    `${resortMs} ms`,
    `≤ ${BUDGETS.historyResortMs} ms`,
  )
  check(
    'rows in the DOM while scrolling',
    scroll !== undefined && scroll.maxTrWhileScrolling <= BUDGETS.historyRowsInDom,
    `${scroll?.maxTrWhileScrolling}`,
    `≤ ${BUDGETS.historyRowsInDom}`,
  )
}

if (!isDeterministic) {
  // 4. Fleet: a full scan of 10,000 simulated companies, and fleet queries over the result.
  const companies = Number(process.env.BENCH_FLEET_COMPANIES ?? 10_000)
  const fleet = await measureFleet(companies, Number(process.env.BENCH_SIM_PORT ?? 4710))
  results.fleet = fleet
  console.log('\nFleet:', JSON.stringify(fleet, null, 2))
  for (const scan of fleet.scans)
    check(
      `fleet scan, ${scan.concurrency} in flight: requests per company`,
      scan.requestsPerCompany <= 2.01,
      String(scan.requestsPerCompany),
      '≤ 2.01 (list pages, follow-ups, retries apart)',
    )
  check(
    'fleet peak RSS of the server, embedded store',
    fleet.peakRssMb <= 512,
    `${fleet.peakRssMb} MB`,
    '≤ 512 MB',
  )
  for (const query of fleet.queries)
    check(`fleet query p95, ${query.shape}`, query.p95 <= 50, `${query.p95} ms`, '≤ 50 ms')
}

if (!isDeterministic) {
  // 5. Bulk refresh: a job over 1,000 simulated companies, against the dry run's estimate.
  const bulk = await measureBulk(
    Number(process.env.BENCH_BULK_COMPANIES ?? 1000),
    Number(process.env.BENCH_BULK_PER_MINUTE ?? 600),
  )
  results.bulk = bulk
  console.log(
    `\nBulk refresh, ${bulk.requests} requests at ${bulk.perMinute}/min, ${bulk.concurrency} in flight:\n` +
      `  sent in ${bulk.wallSeconds} s; the dry run's estimate ${bulk.estimateSeconds} s`,
  )
  check(
    'bulk refresh within its estimate',
    bulk.wallSeconds <= bulk.estimateSeconds * 1.1 + 5,
    `${bulk.wallSeconds} s`,
    `≤ the estimate ${bulk.estimateSeconds} s (+10 % + 5 s)`,
  )
}

mkdirSync('.reports', { recursive: true })
writeFileSync('.reports/bench.json', `${JSON.stringify(results, null, 2)}\n`)
console.log('\nBudgets:')
for (const c of checks)
  console.log(`  ${c.ok ? 'ok  ' : 'MISS'} ${c.name}: ${c.measured} (${c.budget})`)
if (isCheck) {
  writeFileSync('.reports/budgets.json', `${JSON.stringify({ checks }, null, 2)}\n`)
  process.exit(checks.every((c) => c.ok) ? 0 : 1)
}
