// "Why?" for a data type and staleness in the status grid, on the demo build: the diagnosis, its
// Link URL, the filter and the threshold, in light and dark, desktop and phone.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { COBALT, NORTHWIND, PEMBERTON } from '../support/seed.ts'

test.describe.configure({ timeout: 60_000 })

function grid(page: Page) {
  return page.getByRole('table', { name: 'Data status by data type' })
}

test('explains a failing type, deep-linked, in light and dark, desktop and phone', async ({
  page,
}) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  await page.getByRole('button', { name: 'Why? invoices' }).click()
  await expect(page).toHaveURL(/why=invoices/)
  const panel = page.getByRole('region', { name: 'Why: invoices' })
  await expect(panel.getByText(/^Failing: FetchError, failed once, on /)).toBeVisible()
  await expect(panel.getByRole('list', { name: 'Facts' })).toContainText('Last successful sync')
  const recent = panel.getByRole('table', { name: 'Latest pulls of invoices' })
  await expect(recent.getByRole('row')).toHaveCount(4)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'why-failing-light')
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'why-failing-dark')

  // The URL reopens the same panel.
  await page.reload()
  await expect(page.getByRole('region', { name: 'Why: invoices' })).toBeVisible()
  await page.setViewportSize({ width: 390, height: 844 })
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'why-failing-phone-dark')

  await recent.getByRole('link').first().click()
  await expect(page).toHaveURL(new RegExp(`/operations/[0-9a-f-]{36}$`))
})

test('asks for a relink with the Link URL', async ({ page }) => {
  await page.goto(`/#/companies/${COBALT}?why=invoices`)
  const panel = page.getByRole('region', { name: 'Why: invoices' })
  await expect(
    panel.getByText('Codat has no access to Xero: the connection is Deauthorized.'),
  ).toBeVisible()
  await expect(panel.getByRole('list', { name: 'Link URLs' }).getByRole('link')).toHaveAttribute(
    'href',
    /link-api\.codat\.io\/companies\/.*\/start$/,
  )
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'why-relink-light')
  await page.getByRole('button', { name: 'Close' }).click()
  await expect(page.getByRole('button', { name: 'Why? invoices' })).toBeFocused()
  await expect(page).not.toHaveURL(/why=/)
})

test('marks stale types by a threshold kept in the browser, and filters to problems', async ({
  page,
}) => {
  await page.goto(`/#/companies/${PEMBERTON}`)
  await expect(grid(page).getByText('Complete').first()).toBeVisible()
  await expect(grid(page).getByText('Stale')).toHaveCount(0)
  await page.getByLabel('Stale after').selectOption('12')
  const rows = await grid(page).getByRole('rowheader').count()
  await expect(grid(page).getByText('Stale', { exact: true })).toHaveCount(rows)

  // Kept across a reload.
  await page.reload()
  await expect(page.getByLabel('Stale after')).toHaveValue('12')
  await page.getByRole('checkbox', { name: 'Only stale or failing' }).check()
  await expect(page).toHaveURL(/only=problems/)
  await expect(page.getByText(`Showing ${rows} of ${rows} data types`)).toBeVisible()
  await page.getByRole('button', { name: 'Why? invoices' }).click()
  await expect(page.getByRole('region', { name: 'Why: invoices' })).toContainText(
    'nothing newer has been read since',
  )
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'why-stale-light')
  await switchTheme(page, 'dark')
  await screenshot(page, 'why-stale-dark')

  await page.getByLabel('Stale after').selectOption('24')
  await expect(page.getByText('No data type is stale or failing.')).toBeVisible()
})

test('copies support bundles for a data type and for the company', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(`/#/companies/${NORTHWIND}?why=bills`)
  const panel = page.getByRole('region', { name: 'Why: bills' })
  await expect(panel.getByRole('table', { name: 'Latest pulls of bills' })).toBeVisible()
  await panel.getByRole('button', { name: 'Copy for ticket: bills' }).click()
  await expect(panel.getByRole('button', { name: 'Copy for ticket: bills' })).toHaveText(
    'Copied for ticket',
  )
  const typeBundle = await page.evaluate(() => navigator.clipboard.readText())
  expect(typeBundle).toMatch(/^## Codat data type bills: Northwind Plumbing & Heating\n/)
  expect(typeBundle).toContain('- Status: FetchError')
  expect(typeBundle).toMatch(/Last successful sync: .* UTC \(as sent: .*\); [\w/]+: /)
  expect(typeBundle).toContain(`Console: `)
  expect(typeBundle).toContain(`#/companies/${NORTHWIND}?why=bills`)

  await page.getByRole('button', { name: 'Copy for ticket: company' }).click()
  await expect(page.getByRole('button', { name: 'Copy for ticket: company' })).toHaveText(
    'Copied for ticket',
  )
  const companyBundle = await page.evaluate(() => navigator.clipboard.readText())
  expect(companyBundle).toMatch(/^## Codat company: Northwind Plumbing & Heating\n/)
  expect(companyBundle).toContain('### Last 5 pull operations')
  expect(companyBundle.split('\n').filter((line) => /^\| \d/.test(line)).length).toBe(5)
  await expectNoSeriousAxeViolations(page)
})
