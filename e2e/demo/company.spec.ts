// Finding a company in the demo build: name search, the checked ID field, recently opened
// companies, and a header that flags a deauthorized connection, in light and dark.
import { expect, expectNoSeriousAxeViolations, screenshot, test } from '../support/test.ts'

const PEMBERTON = { id: '446e3388-0a1b-452e-8ac6-62e69181297f', name: 'Pemberton Bakery Ltd' }
const COBALT = { id: 'a5c6fbb8-8f63-4baa-826a-82cecf301cd4', name: 'Cobalt Cycle Works' }

test.describe.configure({ timeout: 60_000 })

test('searches companies by name, opens one and remembers it', async ({ page }) => {
  await page.goto('/')
  const results = page.getByRole('table', { name: 'Companies', exact: true })
  await expect(results.getByRole('rowheader')).toHaveCount(10)
  // The hand-made companies and a generated fleet, ten to a page.
  await expect(page.getByRole('navigation', { name: 'Company pages' })).toContainText(
    /Page 1 of \d+/,
  )
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'company-picker')

  await page.getByRole('searchbox', { name: 'Search companies' }).fill('pemberton bakery')
  await expect(results.getByRole('rowheader')).toHaveText([PEMBERTON.name])
  await expect(page).toHaveURL(/q=pemberton/)
  await screenshot(page, 'company-picker-search')

  await results.getByRole('link', { name: PEMBERTON.name }).click()
  await expect(page).toHaveURL(new RegExp(`#/companies/${PEMBERTON.id}`))
  await expect(page.getByRole('heading', { level: 1, name: PEMBERTON.name })).toBeVisible()
  await expect(page.getByText(PEMBERTON.id, { exact: true })).toBeVisible()

  await page.getByRole('link', { name: 'Codat Refresh Console' }).click()
  const recent = page.getByRole('region', { name: 'Recently opened' })
  await expect(recent.getByRole('link')).toHaveText([PEMBERTON.name])
  await recent.getByRole('button', { name: 'Clear recently opened companies' }).click()
  await expect(recent.getByRole('link')).toHaveCount(0)
})

test('checks a pasted company ID before opening it', async ({ page }) => {
  await page.goto('/')
  const id = page.getByRole('searchbox', { name: 'Search companies' })
  await id.fill('446e3388-0a1b-452e-8ac6')
  await id.press('Enter')
  await expect(page.getByRole('alert')).toContainText(
    'That is not a company ID: it has 20 hexadecimal digits, not 32.',
  )
  await expect(id).toHaveAttribute('aria-invalid', 'true')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'company-id-invalid')

  await id.fill(` ${COBALT.id} `)
  await expect(page).toHaveURL(new RegExp(`#/companies/${COBALT.id}`))
  await expect(page.getByRole('heading', { level: 1, name: COBALT.name })).toBeVisible()
})

test('flags a deauthorized connection and offers its Link URL, in light and dark', async ({
  page,
}) => {
  await page.goto(`/#/companies/${COBALT.id}`)
  await expect(page.getByRole('heading', { level: 1, name: COBALT.name })).toBeVisible()
  const connections = page.getByRole('table', { name: 'Connections' })
  await expect(connections.getByRole('row').nth(1)).toContainText('Deauthorized')
  await expect(page.getByText('Xero access was lost (Deauthorized)')).toBeVisible()
  await expect(page.getByText(/until the business relinks/)).toBeVisible()
  await expect(
    page.getByRole('link', { name: 'Link URL for Xero (opens in a new tab)' }),
  ).toHaveAttribute('href', new RegExp(`^https://.+/companies/${COBALT.id}/connections/`))
  await expect(page.getByRole('button', { name: 'Copy company ID' })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'company-deauthorized-light')

  await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'company-deauthorized-dark')
})
