// Network discipline, watched at the browser: a company's first load asks for each thing once,
// nothing polls while nothing runs or while the tab is hidden, and a 429 is never retried sooner
// than its Retry-After.
import type { Page, Request } from '@playwright/test'
import { LIVE } from '../../playwright.live.config.ts'
import { expect, test } from '../support/test.ts'
import { OAKRIDGE } from '../support/seed.ts'

/** An ordinary company that no other test refreshes: nothing of its runs unless we start it. */
const SIM = `http://127.0.0.1:${LIVE.simPort}`
const SIM_AUTH = { Authorization: `Basic ${Buffer.from(LIVE.apiKey).toString('base64')}` }
/** Longer than two polling intervals (2 s). */
const QUIET_MS = 4_500

interface Seen {
  key: string
  at: number
  request: Request
}

/** Every call the page makes to the console's API, in order, with when it left. */
function watchApi(page: Page): Seen[] {
  const seen: Seen[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/api/'))
      seen.push({
        key: `${request.method()} ${url.pathname}${url.search}`,
        at: Date.now(),
        request,
      })
  })
  return seen
}

async function setVisibility(page: Page, state: 'hidden' | 'visible') {
  // What the browser does when the user switches tabs or minimises the window.
  await page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)
}

test.beforeEach(async ({ request }) => {
  expect(
    (await request.put(`${SIM}/_sim/faults`, { headers: SIM_AUTH, data: { mode: 'none' } })).ok(),
  ).toBe(true)
})
test.afterEach(async ({ request }) => {
  await request.put(`${SIM}/_sim/faults`, { headers: SIM_AUTH, data: { mode: 'none' } })
})

test('a company opens with one request per thing it shows, and nothing polls while nothing runs', async ({
  page,
}) => {
  const seen = watchApi(page)
  await page.goto(`/companies/${OAKRIDGE}`)
  await expect(page.getByRole('heading', { name: 'Oakridge Landscaping Co' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Refresh invoices' })).toBeEnabled()
  await page.waitForLoadState('networkidle')
  const keys = seen.map((call) => call.key)
  expect(keys.length).toBeGreaterThan(1)
  expect(
    keys.filter((key, index) => keys.indexOf(key) !== index),
    keys.join('\n'),
  ).toEqual([])

  const settled = seen.length
  await page.waitForTimeout(QUIET_MS)
  expect(seen.slice(settled).map((call) => call.key)).toEqual([])
})

test('polling follows a running refresh, stops while the tab is hidden and resumes on return', async ({
  page,
}) => {
  test.setTimeout(60_000)
  const seen = watchApi(page)
  const statusPolls = () => seen.filter((call) => call.key.endsWith('/dataStatus')).length
  await page.goto(`/companies/${OAKRIDGE}`)
  const refresh = page.getByRole('button', { name: 'Refresh invoices' })
  await refresh.click()
  await expect(refresh).toBeDisabled()
  const before = statusPolls()
  await expect.poll(statusPolls, { timeout: 10_000 }).toBeGreaterThan(before)

  await setVisibility(page, 'hidden')
  // A request already on its way may still land; after that, silence.
  await page.waitForTimeout(500)
  const hiddenFrom = seen.length
  await page.waitForTimeout(QUIET_MS)
  expect(seen.slice(hiddenFrom).map((call) => call.key)).toEqual([])

  await setVisibility(page, 'visible')
  await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(hiddenFrom)
  // Still polling until the refresh is done, then quiet again.
  await expect(refresh).toBeEnabled({ timeout: 45_000 })
})

test('a 429 is retried no sooner than its Retry-After', async ({
  page,
  request,
  browserErrors,
}) => {
  test.setTimeout(60_000)
  browserErrors.allow(/status of 429/)
  const retryAfterSeconds = 2
  const fault = { mode: 'rate-limit', retryAfterSeconds, remaining: 3 }
  expect((await request.put(`${SIM}/_sim/faults`, { headers: SIM_AUTH, data: fault })).ok()).toBe(
    true,
  )
  // Every call is timed by the page itself, on one monotonic clock; the default buffer of 250
  // entries could fill with assets before the retries come.
  await page.addInitScript(() => performance.setResourceTimingBufferSize(5_000))
  await page.goto(`/companies/${OAKRIDGE}`)
  // Everything that was turned away shows in the end.
  await expect(page.getByRole('heading', { name: 'Oakridge Landscaping Co' })).toBeVisible({
    timeout: 30_000,
  })
  await expect(page.getByRole('button', { name: 'Refresh invoices' })).toBeEnabled({
    timeout: 30_000,
  })
  await page.waitForLoadState('networkidle')

  const calls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry as PerformanceResourceTiming)
      .filter((entry) => new URL(entry.name).pathname.startsWith('/api/'))
      .map(({ name, startTime, responseStart, responseStatus }) => ({
        name,
        startTime,
        responseStart,
        responseStatus,
      })),
  )
  const rateLimited = calls.filter((call) => call.responseStatus === 429)
  expect(rateLimited.length).toBeGreaterThan(0)
  for (const call of rateLimited) {
    const retry = calls.find(
      (next) => next.name === call.name && next.startTime > call.responseStart,
    )
    expect(retry, `${call.name} was never retried`).toBeDefined()
    // From the moment the 429 began to arrive to the moment the retry left, on the page's clock.
    // (Playwright's request events reach the test late on a busy machine, and its wall-clock
    // start times drift from the browser's monotonic one by a few milliseconds.)
    // The page's clock is coarsened to a tenth of a millisecond, hence the one of slack.
    expect(retry!.startTime - call.responseStart, call.name).toBeGreaterThanOrEqual(
      retryAfterSeconds * 1000 - 1,
    )
  }
})
