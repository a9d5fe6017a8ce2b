// Live mode end to end: `npm run build && npm start` in front of the simulated Codat over HTTP.
import { expect, test } from '@playwright/test'
import { LIVE } from '../../playwright.live.config.ts'
import { expectNoSeriousAxeViolations } from '../support/test.ts'
import { PEMBERTON } from '../support/seed.ts'

const origin = (port: number) => `http://127.0.0.1:${port}`

test('the live console lists companies through the proxy, with no demo and no service worker', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page.getByText('Live Codat')).toBeVisible()
  await expect(page.getByText('Demo data', { exact: true })).toHaveCount(0)
  // The company list below the Fleet, read from Codat through the proxy.
  await expect(
    page
      .getByRole('table', { name: 'Companies', exact: true })
      .getByRole('link', { name: 'Atlas Freight Forwarding' }),
  ).toBeVisible()
  expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull()
  await page.screenshot({ path: '.reports/screens/live-companies.png', fullPage: true })
  await expectNoSeriousAxeViolations(page)
})

test('the Codat key reaches no page, asset, header or API answer', async ({ page, request }) => {
  const secrets = [LIVE.apiKey, Buffer.from(LIVE.apiKey).toString('base64')]
  const seen: string[] = []
  page.on('response', async (response) => {
    const headers = JSON.stringify(await response.allHeaders())
    const body = await response.text().catch(() => '')
    seen.push(`${response.url()}\n${headers}\n${body}`)
  })
  await page.goto(`/companies/${PEMBERTON}`)
  await expect(page.getByRole('heading', { name: 'Pemberton Bakery Ltd' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Data status' })).toBeVisible()
  // Every built asset, including the lazily loaded ones the page has not asked for yet.
  const html = await (await request.get('/')).text()
  const manifest = await request.get('/.vite/manifest.json')
  const assets = new Set(html.match(/assets\/[\w.-]+\.(js|css)/g) ?? [])
  for (const asset of assets) seen.push(await (await request.get(`/${asset}`)).text())
  expect(manifest.status()).not.toBe(200)
  expect(seen.length).toBeGreaterThan(5)
  for (const text of seen) for (const secret of secrets) expect(text).not.toContain(secret)
})

test('a viewer reads but cannot refresh; the console says why', async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: origin(LIVE.usersPort),
    httpCredentials: LIVE.viewer,
  })
  const page = await context.newPage()
  await page.goto(`/companies/${PEMBERTON}`)
  await expect(page.getByLabel('Session')).toContainText(
    `Signed in as ${LIVE.viewer.username} (viewer)`,
  )
  await expect(page.getByRole('heading', { name: 'Data status' })).toBeVisible()
  await expect(page.getByText(/only operators can refresh/)).toBeVisible()
  await expect(page.getByRole('button', { name: /^Refresh all/ })).toBeDisabled()
  // The proxy enforces it too, whatever the page shows, and says why.
  const refused = await page.evaluate(async (id) => {
    const response = await fetch(`/api/companies/${id}/data/all`, { method: 'POST' })
    return { status: response.status, body: (await response.json()) as unknown }
  }, PEMBERTON)
  expect(refused).toMatchObject({
    status: 403,
    body: { error: 'Only operators can refresh data; your role is viewer' },
  })
  await page.screenshot({ path: '.reports/screens/live-viewer.png', fullPage: true })
  await context.close()
})

test('without credentials the signed-in console asks for them', async ({ request }) => {
  const response = await request.get(`${origin(LIVE.usersPort)}/`)
  expect(response.status()).toBe(401)
  expect(response.headers()['www-authenticate']).toMatch(/^Basic /)
})

test('a read-only console blocks refreshes for everyone, at the proxy too', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: origin(LIVE.readOnlyPort) })
  const page = await context.newPage()
  await page.goto(`/companies/${PEMBERTON}`)
  await expect(page.getByText('Read-only', { exact: true })).toBeVisible()
  await expect(page.getByText(/Read-only console: refreshes are turned off/)).toBeVisible()
  await expect(page.getByRole('button', { name: /^Refresh all/ })).toBeDisabled()
  const refused = await page.evaluate(async (id) => {
    const response = await fetch(`/api/companies/${id}/data/queue/invoices`, { method: 'POST' })
    return { status: response.status, body: (await response.json()) as unknown }
  }, PEMBERTON)
  expect(refused).toMatchObject({
    status: 403,
    body: { error: 'This console is read-only (CONSOLE_READ_ONLY): nobody can refresh data' },
  })
  // A malformed ID is named in the answer.
  const malformed = await page.request.get('/api/companies/not-a-company/dataStatus')
  expect(malformed.status()).toBe(400)
  expect(await malformed.json()).toMatchObject({
    error: 'Company ID "not-a-company" is not a UUID',
  })
  await context.close()
})

test('an operator refreshes a data type through the proxy and watches it complete', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  const context = await browser.newContext({
    baseURL: origin(LIVE.usersPort),
    httpCredentials: LIVE.operator,
  })
  const page = await context.newPage()
  await page.goto(`/companies/${PEMBERTON}`)
  await expect(page.getByLabel('Session')).toContainText(
    `Signed in as ${LIVE.operator.username} (operator)`,
  )
  const refresh = page.getByRole('button', { name: 'Refresh bills' })
  await expect(refresh).toBeEnabled()
  await refresh.click()
  await expect(page.getByRole('status').getByText(/^Refresh of bills queued/)).toBeVisible()
  // The new operation, linked, and the button held while it runs.
  const operation = page.getByRole('status').locator('a[href*="/operations/"]').first()
  const datasetId = (await operation.getAttribute('href'))?.split('/operations/')[1]
  expect(datasetId).toMatch(/^[0-9a-f-]{36}$/)
  await expect(refresh).toBeDisabled()
  await page.screenshot({ path: '.reports/screens/live-refresh-running.png', fullPage: true })
  // Polling follows it through Codat's statuses until it is done.
  await expect(refresh).toBeEnabled({ timeout: 45_000 })
  await page.goto(`/companies/${PEMBERTON}/operations/${datasetId}`)
  await expect(page).toHaveURL(new RegExp(`/operations/${datasetId}$`))
  await expect(page.getByText('Complete', { exact: true }).first()).toBeVisible()
  await context.close()
})
