// The static demo: the simulated Codat runs in the browser's service worker, marked as demo
// data, survives a reload, can be reset, and works from a sub-path of a plain static host.
import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousAxeViolations } from '../support/test.ts'
import { SUBPATH_PORT } from '../../playwright.config.ts'
import { PEMBERTON } from '../support/seed.ts'

async function openCompanies(page: Page, url = '/') {
  await page.goto(url)
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
  await expect(companyRows(page).first()).toBeVisible()
}

/** The company list's rows: hand-made companies and the generated fleet, ten to a page. */
const companyRows = (page: Page) =>
  page.getByRole('table', { name: 'Companies', exact: true }).getByRole('rowheader')

async function searchAndOpen(page: Page, name: string) {
  await page.getByRole('searchbox', { name: 'Search companies' }).fill(name)
  await page.getByRole('searchbox', { name: 'Search companies' }).press('Enter')
  await companyRows(page).getByRole('link', { name }).click()
}

/** Calls the simulated Codat the way the console does: same origin, through the worker. */
async function api(page: Page, method: string, path: string) {
  return page.evaluate(
    async ({ method, path }) => {
      const response = await fetch(`/api${path}`, { method })
      const text = await response.text()
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined }
    },
    { method, path },
  )
}

test('the demo lists companies from the in-browser simulation and opens one', async ({ page }) => {
  await openCompanies(page)
  const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)
  expect(worker).toMatch(/\/mockServiceWorker\.js$/)
  await page.screenshot({ path: '.reports/screens/demo-companies.png', fullPage: true })
  await expectNoSeriousAxeViolations(page)

  await searchAndOpen(page, 'Pemberton Bakery Ltd')
  await expect(page).toHaveURL(new RegExp(`#/companies/${PEMBERTON}`))
  await expect(page.getByRole('heading', { name: 'Pemberton Bakery Ltd' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Data status' })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: 'invoices' })).toBeVisible()
})

test('the demo world survives a reload and "Reset demo" forgets it', async ({ page }) => {
  await openCompanies(page)
  const queued = await api(page, 'POST', `/companies/${PEMBERTON}/data/queue/invoices`)
  expect(queued.status).toBe(200)
  const operationId = (queued.body as { id: string }).id

  await page.reload()
  await openCompanies(page)
  expect(
    (await api(page, 'GET', `/companies/${PEMBERTON}/data/history/${operationId}`)).status,
  ).toBe(200)

  // Reset from a company's screen: the console goes back to the company list.
  await searchAndOpen(page, 'Pemberton Bakery Ltd')
  await expect(page.getByRole('heading', { name: 'Pemberton Bakery Ltd' })).toBeVisible()
  await page.getByRole('button', { name: 'Reset demo' }).click()
  const dialog = page.getByRole('dialog', { name: 'Reset the demo?' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Reset demo' }).click()
  // What the user sees: the dialog closes on the company list, from the fresh world, in place.
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(/#\/$/)
  await expect(companyRows(page)).toHaveCount(10)
  const forgotten = () => api(page, 'GET', `/companies/${PEMBERTON}/data/history/${operationId}`)
  expect((await forgotten()).status).toBe(404)
  // And a reload keeps the fresh world rather than bringing the old one back.
  await page.reload()
  await openCompanies(page)
  expect((await forgotten()).status).toBe(404)
})

test('the same build works from a sub-path of a plain static host', async ({ page }) => {
  const base = `http://127.0.0.1:${SUBPATH_PORT}/console/`
  await openCompanies(page, base)
  const worker = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)
  expect(worker).toBe(`${base}mockServiceWorker.js`)
  await searchAndOpen(page, 'Pemberton Bakery Ltd')
  await expect(page).toHaveURL(`${base}#/companies/${PEMBERTON}`)
  await expect(page.getByRole('rowheader', { name: 'invoices' })).toBeVisible()
  // A deep link into the sub-path demo restores the same screen.
  await page.goto(`${base}#/companies/${PEMBERTON}`)
  await expect(page.getByRole('heading', { name: 'Pemberton Bakery Ltd' })).toBeVisible()
})

test('an address the console does not know says so and leads back', async ({ page }) => {
  await page.goto('/#/no/such/page')
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await page.getByRole('link', { name: 'Choose a company' }).click()
  await expect(page.getByRole('heading', { name: 'Companies' })).toBeVisible()
})

test('a browser that refuses the service worker gets an explanation, not broken screens', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block' })
  const page = await context.newPage()
  await page.goto('/')
  const alert = page.getByRole('alert')
  await expect(
    alert.getByRole('heading', { name: 'The demo cannot start in this browser' }),
  ).toBeVisible()
  await expect(alert).toContainText('Serve the demo over HTTPS')
  await page.screenshot({ path: '.reports/screens/demo-unavailable.png', fullPage: true })
  await context.close()
})

test('leaving a screen while its reads are in flight logs no failed request', async ({ page }) => {
  const failed: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') failed.push(message.text())
  })
  for (let round = 0; round < 6; round += 1) {
    await page.goto(`/#/companies/${PEMBERTON}`)
    await expect(
      page.getByRole('heading', { level: 1, name: 'Pemberton Bakery Ltd' }),
    ).toBeVisible()
    // The grid and history reads are still on their way when the user goes home.
    await page.goto('/')
    await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
  }
  expect(failed).toEqual([])
})
