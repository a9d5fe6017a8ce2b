// Times in the viewer's zone with its name, a switch to UTC that is kept, and the mark on times
// Codat sent without a zone; in light and dark, at desktop and phone widths.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { HARBOUR_LANE, NORTHWIND } from '../support/seed.ts'

/** Its connection's lastSync comes without a zone (the business's wall-clock time). */

// The viewer sits in London: an hour's difference from UTC in summer, a different name in winter.
test.use({ timezoneId: 'Europe/London' })
test.describe.configure({ timeout: 60_000 })

const zoneSwitch = (page: Page) => page.getByRole('combobox', { name: 'Times' })

test('switches every time to UTC, and the choice survives a reload', async ({ page }) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  await expect(zoneSwitch(page)).toHaveValue('local')
  await expect(zoneSwitch(page).locator('option:checked')).toHaveText('local (Europe/London)')
  // London's own name for its zone: GMT in winter, BST in summer.
  const updated = page.getByText(/^Last updated \d{2}:\d{2}:\d{2} (GMT|BST)$/)
  await expect(updated).toBeVisible()

  await zoneSwitch(page).selectOption({ label: 'UTC' })
  await expect(page.getByText(/^Last updated \d{2}:\d{2}:\d{2} UTC$/)).toBeVisible()
  const invoices = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'invoices', exact: true }) })
  await expect(invoices.locator('time').first()).toHaveAttribute('title', / UTC$/)

  await page.reload()
  await expect(zoneSwitch(page)).toHaveValue('utc')
  await expect(page.getByText(/^Last updated \d{2}:\d{2}:\d{2} UTC$/)).toBeVisible()

  await page
    .getByRole('navigation', { name: 'Company views' })
    .getByRole('link', { name: 'History' })
    .click()
  const table = page.getByRole('table', { name: 'Pull operation history' })
  await expect(table.locator('tbody time').first()).toHaveText(/\d{2}:\d{2} UTC$/)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'time-utc-history-light')
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'time-utc-history-dark')

  // Back to local: everything follows at once.
  await zoneSwitch(page).selectOption('local')
  await expect(table.locator('tbody time').first()).toHaveText(/\d{2}:\d{2} (GMT|BST)$/)
})

test('marks a time Codat sent without a zone, by name', async ({ page }) => {
  await page.goto(`/#/companies/${HARBOUR_LANE}`)
  const mark = page.getByRole('img', { name: 'No zone given; read as UTC' }).first()
  await expect(mark).toBeVisible()
  await expect(mark).toHaveAttribute('title', /without a zone/)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'time-zoneless-light')
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'time-zoneless-dark')
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('the zone switch fits the header', async ({ page }) => {
    await page.goto(`/#/companies/${HARBOUR_LANE}`)
    await expect(zoneSwitch(page)).toBeVisible()
    await expect(
      page.getByRole('img', { name: 'No zone given; read as UTC' }).first(),
    ).toBeVisible()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    // The first screenful, as the phone shows it.
    await page.screenshot({ path: '.reports/screens/time-phone-light.png' })
    await switchTheme(page, 'dark')
    await expectNoSeriousAxeViolations(page)
    await page.screenshot({ path: '.reports/screens/time-phone-dark.png' })
  })
})
