// The data-status grid in the demo build: failed-after-success links, never-synced types,
// and data kept on screen when a background update fails, in light and dark.
import { type Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, screenshot, test } from '../support/test.ts'
import { FERNHILL, NORTHWIND, PEMBERTON } from '../support/seed.ts'

test.describe.configure({ timeout: 60_000 })

async function setFault(page: Page, fault: Record<string, unknown>) {
  const status = await page.evaluate(
    async (body) =>
      (
        await fetch('/api/_sim/faults', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    fault,
  )
  expect(status).toBe(200)
}

function row(page: Page, dataType: string) {
  return page
    .getByRole('table', { name: 'Data status by data type' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: dataType, exact: true }) })
}

test('shows a failed latest attempt with links to both pulls, in light and dark', async ({
  page,
}) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  const invoices = row(page, 'invoices')
  await expect(invoices).toContainText('FetchError')
  await expect(invoices).toContainText('Latest attempt failed')
  await expect(
    invoices.getByRole('link', { name: 'Last successful pull of invoices' }),
  ).toBeVisible()
  await expect(page.getByRole('list', { name: 'Data types by status' })).toContainText('failed')
  await expect(page.getByText(/^Last updated \d{2}:\d{2}:\d{2} \S+$/)).toBeVisible()
  // The absolute time and its zone are on hover.
  await expect(invoices.locator('time').first()).toHaveAttribute(
    'title',
    /\d{2}:\d{2}:\d{2} (UTC|GMT)/,
  )
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'status-failed-light')

  await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'status-failed-dark')

  const failed = invoices.getByRole('link', { name: 'Failed pull of invoices' })
  const href = await failed.getAttribute('href')
  expect(href).toMatch(new RegExp(`#/companies/${NORTHWIND}/operations/[0-9a-f-]{36}$`))
  await failed.click()
  await expect(page).toHaveURL(new RegExp(`/operations/[0-9a-f-]{36}$`))
  await expect(page.getByText('FetchError').first()).toBeVisible()
})

test('says "never synced" for a company that never synced', async ({ page }) => {
  await page.goto(`/#/companies/${FERNHILL}`)
  const invoices = row(page, 'invoices')
  await expect(invoices).toContainText('Never synced')
  await expect(invoices).toContainText('never synced')
  await expect(invoices.getByRole('button', { name: 'Refresh invoices' })).toBeEnabled()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'status-never-synced')
})

test('keeps the grid when a background update fails, and retries', async ({
  page,
  browserErrors,
}) => {
  browserErrors.allow(/status of 500/)
  await page.goto(`/#/companies/${PEMBERTON}`)
  await expect(row(page, 'invoices')).toContainText('Complete')
  // Enough failures to outlast the console's automatic retries.
  await setFault(page, { mode: 'server-error', pathPattern: '/dataStatus$', remaining: 4 })
  await page.getByRole('button', { name: 'Reload' }).click()

  const banner = page.getByRole('alert').filter({ hasText: 'Could not update data status' })
  await expect(banner).toBeVisible({ timeout: 20_000 })
  await expect(banner).toContainText('may be out of date')
  await expect(row(page, 'invoices')).toContainText('Complete')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'status-stale-banner')

  await banner.getByRole('button', { name: 'Retry' }).click()
  await expect(banner).toBeHidden()
  await expect(row(page, 'invoices')).toContainText('Complete')
})

test('when the connections cannot be read, says so and still lets a refresh go out', async ({
  page,
  browserErrors,
}) => {
  browserErrors.allow(/status of 503/)
  await page.goto('/')
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
  await setFault(page, { mode: 'unavailable', pathPattern: '/connections$' })
  await page.goto(`/#/companies/${PEMBERTON}`)
  const note = page
    .getByRole('alert')
    .filter({ hasText: 'Could not read this company’s connections' })
  await expect(note).toBeVisible({ timeout: 20_000 })
  await expect(note).toContainText('Codat chooses the connection for each data type')
  await expect(page.getByText(/Could not load the company’s connections/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Refresh all' })).toBeEnabled()
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Switch to dark theme' }).click()
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, `status-connections-unknown-${theme}`)
  }

  await row(page, 'bills').getByRole('button', { name: 'Refresh bills' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Refresh of bills queued' }),
  ).toBeVisible()
  await setFault(page, { mode: 'none' })
  await note.getByRole('button', { name: 'Retry' }).click()
  await expect(note).toBeHidden()
})
