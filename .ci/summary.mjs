// Prints one line, "N passed, N failed", over every layer `npm test` ran: each unit, PostgreSQL and
// e2e test (vitest; Playwright demo and live), each budget, and the type check, lint and build as
// one each.
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined)
/** Exit status of each layer, written by .ci/test.sh; absent when the layer did not run. */
const status = existsSync('.reports/status')
  ? Object.fromEntries(
      readdirSync('.reports/status').map((name) => [
        name,
        Number(readFileSync(`.reports/status/${name}`, 'utf8')),
      ]),
    )
  : {}

function vitest(path) {
  const unit = read(path)
  if (!unit) return undefined
  // A test file that cannot even load has no test results of its own: count it as one failure.
  const unloaded = unit.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length
  return [unit.numPassedTests, unit.numFailedTests + unloaded]
}

function playwright(path) {
  const e2e = read(path)
  return e2e && [e2e.stats.expected + (e2e.stats.flaky ?? 0), e2e.stats.unexpected]
}

function budgets() {
  const report = read('.reports/budgets.json')
  if (!report) return undefined
  const failed = report.checks.filter((check) => !check.ok).length
  return [report.checks.length - failed, failed]
}

/** Counts from each layer's own report: [passed, failed], or undefined without one. */
const counts = {
  unit: () => vitest('.reports/unit.json'),
  'unit-pg': () => vitest('.reports/unit-pg.json'),
  'e2e-demo': () => playwright('.reports/e2e.json'),
  'e2e-live': () => playwright('.reports/e2e-live.json'),
  budgets,
}

let passed = 0
let failed = 0
for (const name of new Set([...Object.keys(counts), ...Object.keys(status)])) {
  const [p, f] = counts[name]?.() ?? [0, 0]
  passed += p
  failed += f
  // A layer with no tests of its own (typecheck, lint, build), or one that failed without any
  // failing test to show for it (a server that never started, a crash), counts once.
  if (name in status && p + f === 0) status[name] === 0 ? passed++ : failed++
  else if (status[name] > 0 && f === 0) failed++
}
console.log(`${passed} passed, ${failed} failed`)
