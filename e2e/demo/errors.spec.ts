// Failures in the demo build: the simulated Codat is switched into fault modes and each panel
// must explain its own failure (429 countdown, 5xx with correlation ID, malformed JSON, slow)
// while the rest of the screen keeps working.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { expectNoSeriousAxeViolations, screenshot, switchTheme } from '../support/test.ts'
import { NORTHWIND, PEMBERTON } from '../support/seed.ts'

const UNKNOWN_ID = '0d9b2f7e-1c4a-4e8b-9f3d-6a5b4c3d2e1f'

interface Fault {
  mode: 'rate-limit' | 'server-error' | 'unavailable' | 'slow' | 'malformed' | 'none'
  remaining?: number
  pathPattern?: string
  retryAfterSeconds?: number
  delayMs?: number
}

/** The simulation's own control route, intercepted by the same worker as the console's calls. */
async function setFault(page: Page, fault: Fault) {
  await page.evaluate(async (body) => {
    const response = await fetch('/api/_sim/faults', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`fault not set: ${await response.text()}`)
  }, fault)
}

async function startDemo(page: Page) {
  await page.goto('/')
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
}

async function failedOperationId(page: Page): Promise<string> {
  return page.evaluate(async (companyId) => {
    const response = await fetch(
      `/api/companies/${companyId}/data/history?query=status%3DFetchError&pageSize=1`,
    )
    const body = (await response.json()) as { results: { id: string }[] }
    const id = body.results[0]?.id
    if (!id) throw new Error('no failed operation in the seed')
    return id
  }, NORTHWIND)
}

function dataStatusPanel(page: Page): Locator {
  return page.locator('section', { has: page.getByRole('heading', { name: 'Data status' }) })
}

let pageErrors: string[] = []
test.beforeEach(({ page }) => {
  pageErrors = []
  // Failed responses are logged by the browser on purpose here; uncaught exceptions are not.
  page.on('pageerror', (error) => pageErrors.push(error.message))
})
test.afterEach(() => {
  expect(pageErrors).toEqual([])
})

test.describe('company screen', () => {
  test('a 429 names when to retry after, then a retry recovers', async ({ page }) => {
    await page.clock.install()
    await startDemo(page)
    // Longer than the console waits out by itself, so the panel shows the wait.
    await setFault(page, {
      mode: 'rate-limit',
      retryAfterSeconds: 150,
      remaining: 1,
      pathPattern: '/dataStatus$',
    })
    await page.goto(`/#/companies/${PEMBERTON}`)
    const panel = dataStatusPanel(page)
    const alert = panel.getByRole('alert')
    await expect(alert).toContainText('rate limited (429)')
    await expect(alert.getByRole('timer')).toContainText(
      /wait until \d\d:\d\d \S+ before trying again/,
    )
    await expect(alert.getByRole('button', { name: /^Retry after \d\d:\d\d \S+$/ })).toBeDisabled()
    // The company header is a separate request and still shows.
    await expect(
      page.getByRole('heading', { level: 1, name: 'Pemberton Bakery Ltd' }),
    ).toBeVisible()
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'errors-company-429')

    await page.clock.fastForward('02:31')
    const retry = alert.getByRole('button', { name: 'Retry', exact: true })
    await expect(retry).toBeEnabled()
    await retry.click()
    await expect(panel.getByRole('alert')).toHaveCount(0)
    await expect(panel.getByRole('table')).toBeVisible()
  })

  test('while the client waits out a 429 it says so: the cause, the seconds left, the attempt', async ({
    page,
  }) => {
    await startDemo(page)
    await setFault(page, {
      mode: 'rate-limit',
      retryAfterSeconds: 3,
      remaining: 1,
      pathPattern: '/dataStatus$',
    })
    await page.goto(`/#/companies/${PEMBERTON}`)
    const panel = dataStatusPanel(page)
    await expect(panel.getByRole('status').first()).toContainText(
      /Codat is rate limiting; retrying in [1-3] s, attempt 2 of 4/,
    )
    // The retry waits out Retry-After by itself and the grid arrives without a click.
    await expect(panel.getByRole('table')).toBeVisible({ timeout: 10_000 })
    await expect(panel.getByText('Codat is rate limiting')).toHaveCount(0)
  })

  test('a one-hour Retry-After on a reload keeps the company and its grid, and holds refreshes until a time of day', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await startDemo(page)
    await page.goto(`/#/companies/${PEMBERTON}`)
    const panel = dataStatusPanel(page)
    await expect(panel.getByRole('table')).toBeVisible()
    await expect(panel.getByRole('button', { name: 'Refresh all' })).not.toHaveAttribute(
      'aria-disabled',
    )
    await setFault(page, {
      mode: 'rate-limit',
      retryAfterSeconds: 3600,
      pathPattern: '/dataStatus$',
    })
    await panel.getByRole('button', { name: 'Reload', exact: true }).click()

    const banner = panel.getByRole('alert')
    await expect(banner).toContainText('Could not update data status: rate limited (429)')
    await expect(banner.getByRole('button', { name: /^Retry after \d\d:\d\d \S+$/ })).toBeDisabled()
    await expect(
      page.getByRole('heading', { level: 1, name: 'Pemberton Bakery Ltd' }),
    ).toBeVisible()
    await expect(panel.getByRole('table')).toBeVisible()
    await expect(panel.getByRole('button', { name: 'Refresh all' })).toHaveAttribute(
      'aria-disabled',
      'true',
    )
    await expect(
      panel.getByText(/Refresh unavailable\..*possible again after \d\d:\d\d:\d\d/),
    ).toBeVisible()
    await switchTheme(page, 'dark')
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'errors-company-429-one-hour-dark')
  })

  for (const [mode, status] of [
    ['server-error', 500],
    ['unavailable', 503],
  ] as const) {
    test(`a ${status} shows Codat's message and correlation ID; retry works once it heals`, async ({
      page,
    }) => {
      test.setTimeout(60_000)
      await startDemo(page)
      await setFault(page, { mode, pathPattern: '/dataStatus$' })
      await page.goto(`/#/companies/${PEMBERTON}`)
      const panel = dataStatusPanel(page)
      const alert = panel.getByRole('alert')
      // The console retries a 5xx by itself (1 s, 2 s, 4 s) before giving up.
      await expect(alert).toContainText(`Could not load data status: Codat error (${status})`, {
        timeout: 20_000,
      })
      await expect(alert).toContainText(/Codat said: .*Please try again later\./)
      await expect(alert.getByText(/^[0-9a-f-]{36}$/)).toBeVisible()
      await expect(
        page.getByRole('heading', { level: 1, name: 'Pemberton Bakery Ltd' }),
      ).toBeVisible()
      await expectNoSeriousAxeViolations(page)
      await screenshot(page, `errors-company-${status}`)

      await setFault(page, { mode: 'none' })
      await alert.getByRole('button', { name: 'Retry', exact: true }).click()
      await expect(panel.getByRole('table')).toBeVisible({ timeout: 15_000 })
      await expect(panel.getByRole('alert')).toHaveCount(0)
    })
  }

  test('malformed JSON names the problem', async ({ page }) => {
    await startDemo(page)
    await setFault(page, { mode: 'malformed', pathPattern: '/dataStatus$' })
    await page.goto(`/#/companies/${PEMBERTON}`)
    const alert = dataStatusPanel(page).getByRole('alert')
    await expect(alert).toContainText('unexpected answer')
    await expect(alert).toContainText(
      'Invalid response from GET /companies/{companyId}/dataStatus: expected JSON',
    )
    await screenshot(page, 'errors-company-malformed')
  })

  test('a slow answer shows a loading state, then the data', async ({ page }) => {
    await startDemo(page)
    await setFault(page, { mode: 'slow', delayMs: 3000, remaining: 1, pathPattern: '/dataStatus$' })
    await page.goto(`/#/companies/${PEMBERTON}`)
    const panel = dataStatusPanel(page)
    await expect(panel).toContainText(/Loading/i)
    await expect(panel.getByRole('table')).toHaveCount(0)
    await screenshot(page, 'errors-company-slow')
    await expect(panel.getByRole('table')).toBeVisible({ timeout: 10_000 })
  })

  test('a malformed company ID and an unknown company each get a clear message', async ({
    page,
  }) => {
    await startDemo(page)
    await page.goto('/#/companies/not-a-company')
    await expect(page.getByRole('main')).toContainText('not-a-company')
    await expect(page.getByRole('main')).toContainText(/not a (valid )?Codat company ID/i)
    await screenshot(page, 'errors-company-malformed-id')

    // Codat's 404 becomes one message for the whole screen, with the way back.
    await page.goto(`/#/companies/${UNKNOWN_ID}`)
    const missing = page.getByRole('alert').filter({ hasText: 'Company not found' })
    await expect(missing).toContainText(`Codat has no company with ID ${UNKNOWN_ID}`)
    await expect(missing.getByRole('link', { name: 'Choose a company' })).toBeVisible()
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'errors-company-404')
  })
})

test.describe('pull-operation screen', () => {
  test('a 429 while loading says the retry waits, then the operation shows', async ({ page }) => {
    await startDemo(page)
    const datasetId = await failedOperationId(page)
    await setFault(page, {
      mode: 'rate-limit',
      retryAfterSeconds: 4,
      remaining: 1,
      pathPattern: '/data/history/[^/]+$',
    })
    await page.goto(`/#/companies/${NORTHWIND}/operations/${datasetId}`)
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('Still trying to load the pull operation: rate limited (429)')
    await expect(alert.getByRole('timer')).toContainText(/retrying automatically in \d s/)
    await screenshot(page, 'errors-operation-429')
    await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible({
      timeout: 10_000,
    })
    await expect(page.getByRole('alert')).toHaveCount(0)
  })

  test('a 503 on the operation has a retry that works once the fault clears', async ({ page }) => {
    test.setTimeout(60_000)
    await startDemo(page)
    const datasetId = await failedOperationId(page)
    await setFault(page, { mode: 'unavailable', pathPattern: '/data/history/[^/]+$' })
    await page.goto(`/#/companies/${NORTHWIND}/operations/${datasetId}`)
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('Could not load the pull operation: Codat error (503)', {
      timeout: 20_000,
    })
    await expect(alert).toContainText('The service is temporarily unavailable')
    await expect(alert.getByText(/^[0-9a-f-]{36}$/)).toBeVisible()
    // The company is a separate request: the breadcrumb still names it.
    await expect(
      page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', {
        name: 'Northwind Plumbing & Heating',
      }),
    ).toBeVisible()
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'errors-operation-503')

    await setFault(page, { mode: 'none' })
    await alert.getByRole('button', { name: 'Retry', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible()
  })

  test('a failing neighbour list leaves the operation on screen', async ({ page }) => {
    test.setTimeout(60_000)
    await startDemo(page)
    const datasetId = await failedOperationId(page)
    await setFault(page, { mode: 'server-error', pathPattern: '/data/history$' })
    await page.goto(`/#/companies/${NORTHWIND}/operations/${datasetId}`)
    await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible()
    const alert = page.getByRole('alert')
    await expect(alert).toContainText(
      'Could not load the neighbouring pull operations: Codat error (500)',
      { timeout: 20_000 },
    )
    await screenshot(page, 'errors-operation-neighbours-500')
    await setFault(page, { mode: 'none' })
    await alert.getByRole('button', { name: 'Retry', exact: true }).click()
    await expect(page.getByRole('table', { name: /pulls before and after this one/ })).toBeVisible()
  })

  test('a slow answer shows a loading state; malformed JSON names the problem', async ({
    page,
  }) => {
    await startDemo(page)
    const datasetId = await failedOperationId(page)
    const operationPath = '/data/history/[^/]+$'
    await setFault(page, { mode: 'slow', delayMs: 3000, remaining: 1, pathPattern: operationPath })
    await page.goto(`/#/companies/${NORTHWIND}/operations/${datasetId}`)
    await expect(page.getByText(`Loading pull operation ${datasetId}…`)).toBeVisible()
    await screenshot(page, 'errors-operation-slow')
    await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible()

    await setFault(page, { mode: 'malformed', pathPattern: operationPath })
    await page.goto(`/#/companies/${NORTHWIND}/operations/${UNKNOWN_ID}`)
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('Could not load the pull operation: unexpected answer')
    await expect(alert).toContainText(
      'Invalid response from GET /companies/{companyId}/data/history/{datasetId}: expected JSON',
    )
    await screenshot(page, 'errors-operation-malformed')
  })

  test('malformed IDs and unknown company or operation each get a clear message', async ({
    page,
  }) => {
    await startDemo(page)
    await page.goto(`/#/companies/${PEMBERTON}/operations/not-a-dataset`)
    await expect(page.getByRole('heading', { name: 'Not a pull operation ID' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText(
      'not-a-dataset is not a Codat pull operation (dataset) ID',
    )
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'errors-operation-malformed-id')

    await page.goto(`/#/companies/${PEMBERTON}/operations/${UNKNOWN_ID}`)
    await expect(page.getByRole('heading', { name: 'Pull operation not found' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText(
      `Pemberton Bakery Ltd (${PEMBERTON}) has no pull operation with ID ${UNKNOWN_ID}`,
    )
    await screenshot(page, 'errors-operation-404')

    await page.goto(`/#/companies/${UNKNOWN_ID}/operations/${UNKNOWN_ID}`)
    await expect(page.getByRole('heading', { name: 'Company not found' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText(
      `Codat has no company with ID ${UNKNOWN_ID}`,
    )
    await page.getByRole('button', { name: 'Switch to dark theme' }).click()
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'errors-company-404-on-operation-dark')
  })
})
