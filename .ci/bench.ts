// `npm run bench`: the performance figures quoted in release notes, measured, not assumed.
//   1. bundle: gzipped JS of the first screen vs loaded on demand (budget 150 kB);
//   2. proxy: latency of the same Codat call direct to the simulation vs through the proxy;
//   3. history: a 5000-row page in Chromium (render time, DOM rows, scroll frame times),
//      from e2e/demo/history-performance.spec.ts.
// Writes .reports/bench.json as well as printing a summary.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { FIRST_SCREEN_BUDGET, kB, measureBundle } from '../e2e/support/bundle-size.ts'
import { startSimServer } from '../src/mocks/http.ts'
import { startConsoleServer } from '../src/server/console-server.ts'

const OUT = 'dist-bench'
const COMPANY = '446e3388-0a1b-452e-8ac6-62e69181297f'
const KEY = 'bench-key'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500)
const results: Record<string, unknown> = {}

// 1. Bundle
execFileSync('npx', ['vite', 'build', '--outDir', OUT, '--logLevel', 'warn'], { stdio: 'inherit' })
const bundle = measureBundle(OUT)
results.bundle = bundle
console.log(
  `\nBundle: first screen ${kB(bundle.firstScreenGzip)} gzip (budget ${kB(FIRST_SCREEN_BUDGET)}), ` +
    `all JS ${kB(bundle.totalGzip)} gzip`,
)
for (const chunk of bundle.firstScreen) console.log(`  eager ${chunk.file} ${kB(chunk.gzipBytes)}`)
for (const chunk of bundle.lazy) console.log(`  lazy  ${chunk.file} ${kB(chunk.gzipBytes)}`)

// 2. Proxy overhead: sequential GETs on loopback, keep-alive off on both paths alike.
function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(url, { headers: { ...headers, Connection: 'close' } }, (res) => {
      res.resume()
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`${url} ${res.statusCode}`)),
      )
    })
    req.on('error', reject)
    req.end()
  })
}
const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { median: at(0.5), p95: at(0.95), p99: at(0.99) }
}
const sim = await startSimServer({ port: 0, apiKey: KEY })
const started = await startConsoleServer(
  { CODAT_API_KEY: KEY, CODAT_BASE_URL: sim.url, HOST: '127.0.0.1', PORT: '0' },
  { distDir: OUT, log: () => {} },
)
if (!started.ok) throw new Error(started.errors.join('\n'))
const console_ = started.running
const auth = { Authorization: `Basic ${Buffer.from(KEY).toString('base64')}` }
const path = `/companies/${COMPANY}/dataStatus`
const direct: number[] = []
const proxied: number[] = []
for (let round = 0; round < ROUNDS + 50; round++) {
  // Interleaved, so drift (GC, CPU frequency) hits both alike; the first 50 warm up.
  const a = await get(`${sim.url}${path}`, auth)
  const b = await get(`${console_.url}/api${path}`, {})
  if (round >= 50) {
    direct.push(a)
    proxied.push(b)
  }
}
await console_.close()
await sim.close()
const proxy = { rounds: ROUNDS, directMs: stats(direct), proxiedMs: stats(proxied) }
results.proxy = proxy
const ms = (value: number) => `${value.toFixed(2)} ms`
console.log(
  `\nProxy (${ROUNDS} sequential GET ${path.replace(COMPANY, '{id}')}):\n` +
    `  direct  median ${ms(proxy.directMs.median)}, p95 ${ms(proxy.directMs.p95)}\n` +
    `  proxied median ${ms(proxy.proxiedMs.median)}, p95 ${ms(proxy.proxiedMs.p95)}\n` +
    `  overhead median ${ms(proxy.proxiedMs.median - proxy.directMs.median)}`,
)

// 3. History page of 5000 rows in Chromium.
mkdirSync('.reports', { recursive: true })
rmSync('.reports/bench-history.json', { force: true })
const run = spawnSync(
  'npx',
  ['playwright', 'test', 'e2e/demo/history-performance.spec.ts', '--reporter=line'],
  { stdio: 'inherit', env: { ...process.env, CI: '1', E2E_JSON: '.reports/bench-e2e.json' } },
)
if (existsSync('.reports/bench-history.json')) {
  results.history = JSON.parse(readFileSync('.reports/bench-history.json', 'utf8')) as unknown
  console.log('\nHistory, 5000-row page:', JSON.stringify(results.history, null, 2))
} else {
  console.log('\nHistory benchmark did not produce figures (see the Playwright output above).')
}

writeFileSync('.reports/bench.json', `${JSON.stringify(results, null, 2)}\n`)
rmSync(OUT, { recursive: true, force: true })
const overBudget = bundle.firstScreenGzip > FIRST_SCREEN_BUDGET
if (overBudget) console.error(`First screen over budget: ${kB(bundle.firstScreenGzip)}`)
process.exit(overBudget || run.status !== 0 ? 1 : 0)
