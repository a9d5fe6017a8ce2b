// The home page and the company screen tell one story about a company, in words that read, and
// fit a 1280 px screen without cutting what they say.
import type { Page } from '@playwright/test'
import { HARBOUR_LANE, NORTHWIND, SILVER_BIRCH } from '../support/seed.ts'
import { expect, screenshot, switchTheme, test } from '../support/test.ts'

test.describe.configure({ timeout: 90_000 })
// A zone with a long short name ("GMT-5"), so times are as wide as most viewers see them.
test.use({ timezoneId: 'America/New_York' })

const fleetTable = (page: Page) => page.getByRole('table', { name: 'Fleet companies' })
const companies = (page: Page) => page.getByRole('table', { name: 'Companies', exact: true })

async function openHome(page: Page, hash = '') {
  await page.goto(`/${hash}`)
  await expect(fleetTable(page).getByRole('row').nth(1)).toBeVisible()
}

test('the Companies list below follows the Fleet’s filters and names its figures', async ({
  page,
}) => {
  await openHome(page)
  const fleetHeader = fleetTable(page).getByRole('columnheader', {
    name: 'Oldest success of a type',
  })
  await expect(fleetHeader).toBeVisible()
  await expect(
    companies(page).getByRole('columnheader', { name: 'Codat’s last sync' }),
  ).toBeVisible()

  // One name search on the page: the Fleet and the list below both follow it.
  await page.getByRole('searchbox', { name: 'Search companies' }).fill('northwind')
  await expect(fleetTable(page).locator('tbody tr')).toHaveCount(1)
  await expect(page.getByText('1 company matching “northwind”')).toBeVisible()
  await expect(companies(page).getByRole('rowheader')).toHaveText([/Northwind/])

  // A filter Codat's list cannot apply: the Fleet finds nothing, and the list does not contradict it.
  await page.getByRole('combobox', { name: 'Health' }).selectOption('healthy')
  await expect(
    page.getByText('No company’s name contains every word of “northwind” with these filters.'),
  ).toBeVisible()
  await expect(page.getByText(/The Fleet above is filtered by health/)).toBeVisible()
  await expect(companies(page)).toHaveCount(0)
})

test('the company screen says why the Fleet wants a relink of a Linked connection', async ({
  page,
}) => {
  await openHome(page, `#/?q=${SILVER_BIRCH}`)
  await expect(fleetTable(page).locator('tbody tr').first()).toContainText('Needs relink')
  await fleetTable(page).getByRole('link').first().click()
  const header = page.locator('.company-header')
  await expect(header.getByRole('table', { name: 'Connections' })).toContainText('Linked')
  await expect(
    header.getByText(
      'Linked, but Codat’s last pulls of bills, customers and suppliers failed with AuthError: relink Xero',
    ),
  ).toBeVisible()
  await expect(
    header.getByRole('link', { name: 'Link URL for Xero (opens in a new tab)' }),
  ).toBeVisible()
})

test('a stale type reads the same on the Fleet and the company screen', async ({ page }) => {
  await openHome(page, '#/?health=stale')
  const table = fleetTable(page)
  await expect(table).toContainText(/: stale for \d+ (days?|hours?)/)
  await expect(table).not.toContainText('stale (')
  const row = table
    .locator('tbody tr')
    .filter({ hasText: /: stale for / })
    .first()
  const line =
    (await row
      .locator('li', { hasText: /: stale for / })
      .first()
      .textContent()) ?? ''
  const dataType = line.split(':')[0] ?? ''
  await row.getByRole('link').first().click()
  const grid = page.getByRole('row', { name: new RegExp(`^${dataType}\\b`) })
  await expect(grid.getByText('Stale', { exact: true })).toHaveAttribute(
    'title',
    new RegExp(`^${dataType}: stale for \\d+ (days?|hours?)`),
  )
})

test('the Fleet table’s box is as tall as the window', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await openHome(page)
  const box = page.getByRole('region', { name: 'Fleet companies, scrollable' })
  expect((await box.boundingBox())?.height).toBeGreaterThan(780)
  await page.setViewportSize({ width: 1280, height: 1200 })
  await expect.poll(async () => (await box.boundingBox())?.height).toBeGreaterThan(1080)
})

test('at 1280 px the History table shows whole times, durations, types and badges', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`/#/companies/${NORTHWIND}?tab=history`)
  const rows = page.locator('table.history-grid tbody tr[data-index]')
  await expect(rows.first()).toBeVisible()
  // Every cell but the error's holds its text without an ellipsis.
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll('table.history-grid tbody tr[data-index] td')]
      .filter((cell) => (cell as HTMLElement).dataset.column !== 'error')
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => cell.textContent),
  )
  expect(cut).toEqual([])
})

test('at 1280 px the duration chart’s plot, not its slanted names, takes most of its height', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`/#/companies/${NORTHWIND}?tab=charts`)
  const chart = page.getByRole('img', { name: /duration/i }).locator('.uplot')
  await expect(chart).toBeVisible()
  const share = await chart.evaluate((element) => {
    const plot = element.querySelector('.u-over')?.getBoundingClientRect().height ?? 0
    return plot / element.getBoundingClientRect().height
  })
  expect(share).toBeGreaterThan(0.6)
})

for (const width of [1280, 390]) {
  test(`the home page and a company look right at ${width} px, light and dark`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 })
    const screens: [string, string, string][] = [
      ['home', '/', 'table[aria-label="Companies"]'],
      ['company-relink', `/#/companies/${SILVER_BIRCH}`, '.connection-problem'],
      ['company-history', `/#/companies/${HARBOUR_LANE}?tab=history`, 'tr[data-index]'],
      ['company-charts', `/#/companies/${NORTHWIND}?tab=charts`, 'canvas'],
    ]
    for (const [name, url, ready] of screens) {
      await page.goto(url)
      await expect(page.locator(ready).first()).toBeVisible()
      await expect(page.locator('.skeleton')).toHaveCount(0)
      await page.waitForLoadState('networkidle')
      await screenshot(page, `one-account-${name}-${width}-light`)
      await switchTheme(page, 'dark')
      await screenshot(page, `one-account-${name}-${width}-dark`)
      await switchTheme(page, 'light')
    }
  })
}
