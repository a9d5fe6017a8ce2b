// Refreshing in the demo build: one type watched to Complete, refresh all through its dialog,
// the connection choice on a company with several linked connections, and a 429 explained.
import { type Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, screenshot, test } from '../support/test.ts'
import { JUNIPER, JUNIPER_PLAID, PEMBERTON } from '../support/seed.ts'

// A simulated pull runs for 7–15 s of real time.
test.describe.configure({ timeout: 90_000 })

function row(page: Page, dataType: string) {
  return page
    .getByRole('table', { name: 'Data status by data type' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: dataType, exact: true }) })
}

/** The refresh POSTs the page sends, as URLs. */
function recordRefreshes(page: Page) {
  const sent: URL[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (
      request.method() === 'POST' &&
      /\/api\/companies\/.+\/data\/(queue\/|all$)/.test(url.pathname)
    )
      sent.push(url)
  })
  return sent
}

test('refreshes one data type and follows it to Complete', async ({ page }) => {
  const sent = recordRefreshes(page)
  await page.goto(`/#/companies/${PEMBERTON}`)
  const invoices = row(page, 'invoices')
  const button = invoices.getByRole('button', { name: 'Refresh invoices' })
  await expect(button).toBeEnabled()
  await button.dblclick()

  const feedback = page.getByRole('status').filter({ hasText: 'Refresh of invoices queued' })
  await expect(feedback).toBeVisible()
  await expect(feedback.getByRole('link')).toHaveAttribute(
    'href',
    new RegExp(`#/companies/${PEMBERTON}/operations/[0-9a-f-]{36}$`),
  )
  await expect(invoices.getByTitle('In progress')).toBeVisible()
  await expect(button).toBeDisabled()
  await expect(page.getByText(/1 running: checking every few seconds/)).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'refresh-one-running')

  await expect(invoices.getByText('Complete', { exact: true })).toBeVisible({ timeout: 30_000 })
  // The feedback follows the pull to its end, and focus never left the button.
  await expect(page.getByRole('status').filter({ hasText: /^invoices: refreshed/ })).toBeVisible()
  await expect(button).toBeFocused()
  await expect(button).toBeEnabled()
  await expect(invoices).toContainText(/just now|seconds? ago/)
  expect(sent).toHaveLength(1)
  await screenshot(page, 'refresh-one-complete')
})

test('refresh all asks first and names the types already running', async ({ page }) => {
  const sent = recordRefreshes(page)
  await page.goto(`/#/companies/${PEMBERTON}`)
  await row(page, 'bills').getByRole('button', { name: 'Refresh bills' }).click()
  await expect(row(page, 'bills').getByTitle('In progress')).toBeVisible()

  await page.getByRole('button', { name: 'Refresh all' }).click()
  const dialog = page.getByRole('dialog', { name: 'Refresh all data types?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Already in progress, so Codat will not queue them again (1)')
  await expect(dialog.getByRole('listitem')).toHaveText(['bills'])

  // Escape backs out without sending anything. (No slow step until the refresh is sent: bills
  // must still be running then, and a simulated pull takes as little as 7.5 s.)
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('button', { name: 'Refresh all' })).toBeFocused()
  expect(sent).toHaveLength(1)

  await page.getByRole('button', { name: 'Refresh all' }).click()
  // On a busy machine bills may have finished meanwhile: the feedback names what the dialog did.
  const stillRunning = await dialog.getByRole('listitem').allInnerTexts()
  await dialog.getByRole('button', { name: 'Refresh all' }).click()
  const feedback = page.locator('.refresh-feedback')
  await expect(feedback).toContainText('Refresh of all data types requested')
  if (stillRunning.length > 0) {
    await expect(feedback).toContainText(
      `Already running, so not queued again: ${stillRunning.join(', ')}.`,
    )
  }
  await expect(row(page, 'invoices').getByTitle('In progress')).toBeVisible()
  await expect(page.getByRole('list', { name: 'Data types by status' })).toContainText(
    'in progress',
  )
  expect(sent.map((url) => url.pathname.split('/').slice(-2).join('/'))).toEqual([
    'queue/bills',
    'data/all',
  ])
  await screenshot(page, 'refresh-all-running')

  // The dialog again, now listing every type already running.
  await page.getByRole('button', { name: 'Refresh all' }).click()
  await expect(dialog).toContainText('Already in progress, so Codat will not queue them again')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'refresh-all-dialog')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect(sent).toHaveLength(2)
})

test('asks which connection to refresh from, by keyboard, when several are linked', async ({
  page,
}) => {
  const sent = recordRefreshes(page)
  await page.goto(`/#/companies/${JUNIPER}`)
  const button = row(page, 'invoices').getByRole('button', { name: 'Refresh invoices' })
  await expect(button).toBeEnabled()
  await button.focus()
  await page.keyboard.press('Enter')

  const dialog = page.getByRole('dialog', { name: 'Refresh invoices from which connection?' })
  await expect(dialog).toBeVisible()
  // The PendingAuth Shopify connection is shown, unavailable, with the reason.
  await expect(dialog.getByRole('radio')).toHaveCount(3)
  await expect(dialog.getByRole('radio', { name: /^Shopify/ })).toBeDisabled()
  await expect(dialog.getByRole('radio', { name: 'QuickBooks Online (Accounting)' })).toBeChecked()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'refresh-connection-choice')

  await dialog.getByRole('radio', { name: 'QuickBooks Online (Accounting)' }).focus()
  await page.keyboard.press('ArrowDown')
  await expect(dialog.getByRole('radio', { name: 'Plaid (Banking)' })).toBeChecked()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(dialog.getByRole('button', { name: 'Refresh invoices' })).toBeFocused()
  await page.keyboard.press('Enter')

  await expect(
    page.getByRole('status').filter({ hasText: 'Refresh of invoices queued on Plaid (Banking)' }),
  ).toBeVisible()
  expect(sent).toHaveLength(1)
  expect(sent[0]?.searchParams.get('connectionId')).toBe(JUNIPER_PLAID)
})

test('explains a 429 with the time a retry is allowed, in light and dark', async ({
  page,
  browserErrors,
}) => {
  browserErrors.allow(/status of 429/)
  await page.goto(`/#/companies/${PEMBERTON}`)
  const button = row(page, 'invoices').getByRole('button', { name: 'Refresh invoices' })
  await expect(button).toBeEnabled()
  const faulted = await page.evaluate(
    async () =>
      (
        await fetch('/api/_sim/faults', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            mode: 'rate-limit',
            pathPattern: '/data/queue/',
            retryAfterSeconds: 45,
            remaining: 1,
          }),
        })
      ).status,
  )
  expect(faulted).toBe(200)
  await button.click()

  const alert = page.getByRole('alert').filter({ hasText: "Codat's rate limit was reached (429)" })
  await expect(alert).toContainText(
    /Codat accepts a retry after \d{2}:\d{2}:\d{2} \S+ \(in 4\d s\)/,
  )
  await expect(button).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Refresh all' })).toBeDisabled()
  await expect(button).toHaveAccessibleDescription(/Codat accepts a retry after/)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'refresh-429-light')

  await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'refresh-429-dark')
})
