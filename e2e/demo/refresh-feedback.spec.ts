// Refresh feedback that tells the truth: it belongs to its company, follows the pull to its end,
// says "outcome unknown" when Codat's answer cannot be read, and the header catches up; the
// connection chooser puts the connections that can supply the type first.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolationsInBothThemes,
  screenshot,
  test,
} from '../support/test.ts'
import { JUNIPER, NORTHWIND, PEMBERTON } from '../support/seed.ts'

test.describe.configure({ timeout: 90_000 })

function row(page: Page, dataType: string) {
  return page
    .getByRole('table', { name: 'Data status by data type' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: dataType, exact: true }) })
}

async function setFault(page: Page, fault: object) {
  await page.evaluate(async (body) => {
    await fetch('/api/_sim/faults', { method: 'PUT', body: JSON.stringify(body) })
  }, fault)
}

test('feedback stays with its company when another company is opened in the same tab', async ({
  page,
}) => {
  await page.goto(`/#/companies/${PEMBERTON}`)
  await row(page, 'customers').getByRole('button', { name: 'Refresh customers' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Refresh of customers' })).toBeVisible()

  await page.goto(`/#/companies/${NORTHWIND}`)
  await expect(page.getByRole('heading', { level: 1, name: /Northwind/ })).toBeVisible()
  await expect(row(page, 'customers')).toBeVisible()
  await expect(page.getByText(/Refresh of customers/)).toHaveCount(0)
  await expect(page.locator('.refresh-feedback')).toHaveCount(0)
})

test('feedback follows the pull to its end and the header catches up', async ({ page }) => {
  await page.goto(`/#/companies/${PEMBERTON}`)
  const header = page.getByRole('region', { name: 'Pemberton Bakery Ltd' })
  await expect(header).toContainText(/Last sync \d+ hours? ago/)
  const button = row(page, 'invoices').getByRole('button', { name: 'Refresh invoices' })
  await button.focus()
  await page.keyboard.press('Enter')
  const feedback = page.locator('.refresh-feedback')
  await expect(feedback).toHaveAttribute('role', 'status')
  await expect(feedback).toContainText('Refresh of invoices queued on Xero (Accounting): now')
  await expect(feedback).toContainText(/^invoices: refreshed on Xero \(Accounting\), Complete in/, {
    timeout: 45_000,
  })
  await expect(button).toBeFocused()
  // The company's own "Last sync" and its connection's follow the finished pull.
  await expect(header).toContainText(/Last sync (just now|\d+ seconds? ago)/)
  await expect(header.getByRole('table', { name: 'Connections' })).toContainText(
    /just now|seconds? ago/,
  )
  await expectNoSeriousAxeViolationsInBothThemes(page)
  await screenshot(page, 'refresh-followed-to-end')
})

test('an unreadable answer to a refresh is reported as an unknown outcome', async ({ page }) => {
  await page.goto(`/#/companies/${PEMBERTON}`)
  await expect(row(page, 'bills')).toBeVisible()
  await setFault(page, { mode: 'malformed', pathPattern: '/data/queue/', remaining: 1 })
  const rereads: string[] = []
  page.on('request', (request) => {
    if (/\/dataStatus$/.test(new URL(request.url()).pathname)) rereads.push(request.url())
  })
  await row(page, 'bills').getByRole('button', { name: 'Refresh bills' }).click()
  const feedback = page.locator('.refresh-feedback')
  await expect(feedback).toContainText(
    'Outcome unknown: Codat’s answer to the refresh of bills could not be read.',
  )
  await expect(feedback).toContainText('HTTP status 200')
  await expect(feedback).not.toContainText('Invalid response')
  // The grid is read again, so a pull Codat did queue shows there.
  await expect.poll(() => rereads.length).toBeGreaterThan(0)
  await expectNoSeriousAxeViolationsInBothThemes(page)
  await feedback.getByRole('link', { name: 'Open the history' }).click()
  await expect(page.getByRole('table', { name: 'Pull operation history' })).toBeVisible()
  await screenshot(page, 'refresh-unknown-outcome')
})

test('the chooser offers connections that can supply the type first, the others with why', async ({
  page,
}) => {
  await page.goto(`/#/companies/${JUNIPER}`)
  await row(page, 'commerce-orders')
    .getByRole('button', { name: 'Refresh commerce-orders' })
    .click()
  const dialog = page.getByRole('dialog', { name: /commerce-orders from which connection/ })
  await expect(dialog).toContainText(
    'No linked connection is of the kind that supplies commerce-orders.',
  )
  const radios = dialog.getByRole('radio')
  await expect(radios.first()).toHaveAccessibleName(/^Shopify \(Commerce\): not linked yet/)
  await expect(radios.first()).toBeDisabled()
  await expect(dialog.getByRole('radio', { checked: true })).toHaveCount(0)
  await expect(
    dialog.getByRole('radio', { name: /QuickBooks Online.*unlikely to work/ }),
  ).toBeEnabled()
  await expectNoSeriousAxeViolationsInBothThemes(page)
  await screenshot(page, 'refresh-chooser-unlikely')
})
