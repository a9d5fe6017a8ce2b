// Live mode against a Codat whose company answers carry no `dataConnections` (the field is
// optional): the console reads the connections from their own endpoint and can still refresh.
import { expect, test } from '@playwright/test'
import { LIVE } from '../../playwright.live.config.ts'
import { expectNoSeriousAxeViolations } from '../support/test.ts'
import { JUNIPER_PLAID } from '../support/seed.ts'

const JUNIPER = { id: 'dbc2fa31-ea63-4fc8-91a3-e2d7da7333b7', name: 'Juniper & Sage Home Goods' }
const sim = `http://127.0.0.1:${LIVE.simPort}`
const simAuth = { Authorization: `Basic ${Buffer.from(LIVE.apiKey).toString('base64')}` }

test.beforeEach(async ({ request }) => {
  const answer = await request.put(`${sim}/_sim/options`, {
    headers: simAuth,
    data: { omitDataConnections: true },
  })
  expect(answer.status()).toBe(200)
  // The switch really is on upstream: the company answer has no dataConnections.
  const company = (await (
    await request.get(`${sim}/companies/${JUNIPER.id}`, { headers: simAuth })
  ).json()) as Record<string, unknown>
  expect(company).not.toHaveProperty('dataConnections')
})

test.afterEach(async ({ request }) => {
  await request.put(`${sim}/_sim/options`, {
    headers: simAuth,
    data: { omitDataConnections: false },
  })
})

test('without dataConnections, the list drops its Connections column and the company screen still finds, shows and uses the connections', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000)
  await page.goto('/')
  const companies = page.getByRole('table', { name: 'Companies', exact: true })
  const row = companies.getByRole('row').filter({ hasText: JUNIPER.name })
  await expect(row).toBeVisible()
  await expect(companies.getByRole('columnheader', { name: 'Connections' })).toHaveCount(0)
  await expect(page.getByText(/Codat’s list leaves out each company’s connections/)).toBeVisible()
  await expect(companies).not.toContainText(/\bnone\b/)

  await row.getByRole('link', { name: JUNIPER.name }).click()
  await expect(page.getByRole('heading', { level: 1, name: JUNIPER.name })).toBeVisible()
  const connections = page.getByRole('table', { name: 'Connections' })
  await expect(connections.getByRole('rowheader')).toHaveText([
    'QuickBooks Online',
    'Plaid',
    'Shopify',
  ])
  await expect(page.getByText('Shopify was never finished linking (PendingAuth)')).toBeVisible()
  await expect(page.getByText(/has no connections/)).toHaveCount(0)
  await expect(page.getByText(/Refresh unavailable/)).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Refresh all' })).toBeEnabled()
  await expectNoSeriousAxeViolations(page)
  await page.screenshot({ path: '.reports/screens/live-no-data-connections.png', fullPage: true })

  await page.getByRole('button', { name: 'Refresh invoices' }).click()
  const dialog = page.getByRole('dialog', { name: 'Refresh invoices from which connection?' })
  // Both linked connections can be chosen; an unlinked one may be listed, unavailable.
  await expect(dialog.getByRole('radio', { disabled: false })).toHaveCount(2)
  await dialog.getByRole('radio', { name: 'Plaid (Banking)' }).check()
  await dialog.getByRole('button', { name: 'Refresh invoices' }).click()
  await expect(page.getByRole('status').getByText(/^Refresh of invoices queued/)).toContainText(
    'Plaid (Banking)',
  )
  const datasetId = (
    await page.getByRole('status').locator('a[href*="/operations/"]').first().getAttribute('href')
  )?.split('/operations/')[1]
  const queued = (await (
    await request.get(`${sim}/companies/${JUNIPER.id}/data/history/${datasetId}`, {
      headers: simAuth,
    })
  ).json()) as { connectionId: string; dataType: string }
  expect(queued).toMatchObject({ connectionId: JUNIPER_PLAID, dataType: 'invoices' })
})
