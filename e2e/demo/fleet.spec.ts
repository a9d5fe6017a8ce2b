// The Fleet screen in the demo build: tiles that filter, the URL as the state, rows that open a
// company, a scan the screen follows, light and dark at desktop and phone widths, and 10,000 companies.
import type { Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'

const NORTHWIND = {
  id: '5527eb54-3380-4090-be22-25af95909825',
  name: 'Northwind Plumbing & Heating',
}

test.describe.configure({ timeout: 90_000 })

function fleetTable(page: Page) {
  return page.getByRole('table', { name: 'Fleet companies' })
}

function tiles(page: Page) {
  return page.getByRole('navigation', { name: 'Companies by health' })
}

async function openFleet(page: Page, hash = '') {
  await page.goto(`/${hash}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible()
  await expect(fleetTable(page).getByRole('row').nth(1)).toBeVisible()
}

/** The number a tile shows, e.g. 24 for "24 Failing". */
async function tileCount(page: Page, label: string): Promise<number> {
  const tile = tiles(page).getByRole('link', { name: label })
  const text = await tile.locator('.fleet-tile-count').textContent()
  return Number((text ?? '').replace(/,/g, ''))
}

test('the Fleet is the home screen, and a tile filters the table', async ({ page }) => {
  await openFleet(page)
  await expect(page.getByText(/Last full scan finished/)).toBeVisible()
  await expect(page.getByText('Webhooks: not configured')).toBeVisible()
  const total = await tileCount(page, 'All companies')
  expect(total).toBe(313)
  // Worst first: the first row needs a relink.
  await expect(fleetTable(page).getByRole('row').nth(1)).toContainText('Needs relink')
  await expectNoSeriousAxeViolations(page)

  const failing = await tileCount(page, 'Failing')
  expect(failing).toBeGreaterThan(0)
  await tiles(page).getByRole('link', { name: 'Failing' }).click()
  await expect(page).toHaveURL(/health=failing/)
  await expect(tiles(page).getByRole('link', { name: 'Failing' })).toHaveAttribute(
    'aria-current',
    'page',
  )
  const rows = fleetTable(page).locator('tbody tr')
  await expect(rows).toHaveCount(Math.min(failing, 100))
  await expect(rows.filter({ hasNotText: 'Failing' })).toHaveCount(0)
  await expect(page.getByText(`1–${Math.min(failing, 100)} of ${failing}`)).toBeVisible()
  // Problems say what, since when and how often.
  await expect(fleetTable(page)).toContainText(
    /: (FetchError|MapError|RateLimitError), (\d+ failures in a row since|failed once, on) /,
  )
  await expect(fleetTable(page)).toContainText(/failures in a row/)
  await tiles(page).getByRole('link', { name: 'All companies' }).click()
  await expect(page).not.toHaveURL(/health=/)
})

test('filters, sort and page size live in the URL and survive a reload', async ({ page }) => {
  await openFleet(page)
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('QuickBooks Online')
  await page.getByRole('combobox', { name: 'Problem with data type' }).selectOption('invoices')
  await fleetTable(page).getByRole('button', { name: 'Company' }).click()
  await expect(page).toHaveURL(/platform=QuickBooks(\+|%20)Online/)
  await expect(page).toHaveURL(/dataType=invoices/)
  await expect(page).toHaveURL(/sort=name/)
  await page.getByRole('searchbox', { name: 'Search companies' }).fill('north')
  await expect(page).toHaveURL(/q=north/)
  await expect(fleetTable(page).locator('tbody tr')).toHaveCount(1)
  await expect(fleetTable(page).getByRole('link', { name: NORTHWIND.name })).toBeVisible()

  await page.reload()
  await expect(page.getByRole('searchbox', { name: 'Search companies' })).toHaveValue('north')
  await expect(page.getByRole('combobox', { name: 'Platform' })).toHaveValue('QuickBooks Online')
  await expect(page.getByRole('combobox', { name: 'Problem with data type' })).toHaveValue(
    'invoices',
  )
  await expect(fleetTable(page).getByRole('columnheader', { name: 'Company' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )
  await expect(fleetTable(page).locator('tbody tr')).toHaveCount(1)

  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page).not.toHaveURL(/platform=|dataType=/)
  await expect(page).toHaveURL(/q=north/)
  await page.getByRole('searchbox', { name: 'Search companies' }).fill('')
  await expect(page).not.toHaveURL(/q=/)
  await page.getByRole('combobox', { name: 'Rows per page' }).first().selectOption('500')
  await expect(page).toHaveURL(/pageSize=500/)
  // 313 rows on one page: only those in view are in the DOM.
  await expect(page.getByText('1–313 of 313')).toBeVisible()
  expect(await fleetTable(page).locator('tbody tr[data-index]').count()).toBeLessThan(60)
})

test('a row opens the company console, and back returns to the same view', async ({ page }) => {
  await openFleet(page, `#/?q=${NORTHWIND.id}`)
  const row = fleetTable(page).locator('tbody tr').first()
  await expect(row).toContainText('Failing')
  await expect(row).toContainText('QuickBooks Online')
  await row.getByText(/invoices: FetchError/).click()
  await expect(page).toHaveURL(new RegExp(`#/companies/${NORTHWIND.id}`))
  await expect(page.getByRole('heading', { level: 1, name: NORTHWIND.name })).toBeVisible()
  await page.goBack()
  await expect(page.getByRole('searchbox', { name: 'Search companies' })).toHaveValue(NORTHWIND.id)
})

test('a hand-edited link says what it left out, applies the rest, and offers a way out', async ({
  page,
}) => {
  await openFleet(page, '#/?health=failng&platform=QuickBooks%20Online&pageSize=0&sort=name')
  const note = page.locator('.fleet-unread-link')
  await expect(note).toContainText(
    'Part of this link could not be read, so the Fleet left it out: health “failng”, rows per page “0”. The rest of the link applies.',
  )
  // Nothing else is lost: the platform and the sort still apply.
  await expect(page.getByRole('combobox', { name: 'Platform' })).toHaveValue('QuickBooks Online')
  await expect(page.getByRole('combobox', { name: 'Health' })).toHaveValue('')
  await expect(fleetTable(page).getByRole('columnheader', { name: 'Company' })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )
  await expect(fleetTable(page).locator('tbody tr').first()).toContainText('QuickBooks Online')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'fleet-unread-link')

  await note.getByRole('button', { name: 'Show the whole fleet' }).click()
  await expect(note).toHaveCount(0)
  await expect(page).not.toHaveURL(/platform=|sort=|health=/)
  await expect(page.getByText('1–100 of 313')).toBeVisible()
})

test('Scan now reads every company while the screen follows its progress', async ({ page }) => {
  await openFleet(page)
  await page.getByRole('button', { name: 'Scan now' }).click()
  await expect(page.getByRole('progressbar', { name: 'Scan progress' })).toBeVisible()
  await expect(page.getByText(/Scanning: [\d,]+ of 313 companies/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Scan running…' })).toBeDisabled()
  await screenshot(page, 'fleet-scanning')
  // The demo reads about 25 ms a company: a little under 8 s for 313.
  await expect(page.getByText('Last full scan finished just now')).toBeVisible({ timeout: 20_000 })
  await expect(page.getByRole('progressbar')).toHaveCount(0)
})

for (const width of [1280, 390]) {
  test(`looks right at ${width} px, light and dark`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 })
    await openFleet(page)
    await screenshot(page, `fleet-${width}-light`)
    await switchTheme(page, 'dark')
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, `fleet-${width}-dark`)
    await switchTheme(page, 'light')
  })
}

test('10,000 companies: the Fleet is populated soon after navigating to it', async ({ page }) => {
  await openFleet(page)
  await page.evaluate(async () => {
    const response = await fetch('/api/_sim/reset', {
      method: 'POST',
      body: JSON.stringify({ companies: 10_000 }),
    })
    if (!response.ok) throw new Error(await response.text())
  })
  // A cold start reads all 10,000 companies in the page (the demo's stand-in for a first scan).
  const coldStart = Date.now()
  await page.reload()
  await expect(fleetTable(page).getByRole('row').nth(1)).toBeVisible({ timeout: 60_000 })
  const coldMs = Date.now() - coldStart
  expect(await tileCount(page, 'All companies')).toBe(10_000)

  // Navigating to the Fleet from a company: what a user does all day.
  await fleetTable(page).locator('a.fleet-company-link').first().click()
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Fleet')
  const started = Date.now()
  await page.getByRole('link', { name: 'Codat Refresh Console' }).click()
  await expect(fleetTable(page).getByRole('row').nth(1)).toBeVisible()
  const navigationMs = Date.now() - started
  test
    .info()
    .annotations.push(
      { type: 'fleet 10k cold start ms', description: String(coldMs) },
      { type: 'fleet 10k navigation ms', description: String(navigationMs) },
    )
  console.log(`Fleet with 10,000 companies: cold start ${coldMs} ms, navigation ${navigationMs} ms`)
  // The target is 1 s (measured 0.6–1.3 s on a busy 2-core machine shared with other runs,
  // where the simulation answers in the same page); the guard catches a real regression
  // without failing on that machine's noise.
  expect(navigationMs).toBeLessThanOrEqual(2500)
})
