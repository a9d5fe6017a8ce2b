// Prints one line, "N passed, N failed", summing the unit (vitest) and both e2e (Playwright: demo, live) reports.
import { existsSync, readFileSync } from 'node:fs'

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined)
let passed = 0
let failed = 0
const unit = read('.reports/unit.json')
if (unit) {
  passed += unit.numPassedTests
  failed += unit.numFailedTests
  // A test file that cannot even load has no test results of its own: count it as one failure.
  failed += unit.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length
}
for (const file of ['.reports/e2e.json', '.reports/e2e-live.json']) {
  const e2e = read(file)
  if (!e2e) continue
  passed += e2e.stats.expected + (e2e.stats.flaky ?? 0)
  failed += e2e.stats.unexpected
}
console.log(`${passed} passed, ${failed} failed`)
