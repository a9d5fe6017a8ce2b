// Bulk refresh in the demo build: choose companies on the Fleet, read the dry run, queue it,
// follow the job to its end with the rows updating, cancel a second one; light, dark and a phone.
import type { Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'

test.describe.configure({ timeout: 120_000 })

const fleetTable = (page: Page) => page.getByRole('table', { name: 'Fleet companies' })
const bar = (page: Page) => page.getByRole('group', { name: 'Bulk refresh' })
const panel = (page: Page) =>
  page.getByRole('region', { name: /^Bulk refresh (running|stopping|cancelled|finished)$/ })

async function openFleet(page: Page, search = '') {
  await page.goto(`/${search}`)
  await expect(fleetTable(page).getByRole('row').nth(1)).toBeVisible()
}

/** Moves the simulation's clock on, as if that long had passed: the job's sends, then its pulls. */
async function advance(page: Page, ms: number) {
  await page.evaluate(async (by) => {
    const response = await fetch('/api/_sim/advance', {
      method: 'POST',
      body: JSON.stringify({ ms: by }),
    })
    if (!response.ok) throw new Error(await response.text())
  }, ms)
}

async function failingCount(page: Page): Promise<number> {
  const tile = page
    .getByRole('navigation', { name: 'Companies by health' })
    .getByRole('link', { name: 'Failing' })
  return Number(((await tile.locator('.fleet-tile-count').textContent()) ?? '').replace(/,/g, ''))
}

/** Opens the dry run and reads how many requests it would queue. */
async function openDryRun(page: Page): Promise<number> {
  await bar(page).getByRole('button', { name: 'Refresh selected…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Refresh the chosen companies' })
  const confirm = dialog.getByRole('button', { name: /^Queue \d+ refresh/ })
  await expect(confirm).toBeEnabled()
  return Number(/Queue ([\d,]+)/.exec((await confirm.textContent()) ?? '')?.[1]?.replace(/,/g, ''))
}

test('operators refresh every failing company in one go and watch the job end', async ({
  page,
}) => {
  await openFleet(page, '#/?health=failing&pageSize=25')
  const failingBefore = await failingCount(page)
  expect(failingBefore).toBeGreaterThan(25)

  // Ticked one by one on two pages of the filter, then every company in it, not just a page.
  await page.getByRole('checkbox', { name: 'Select Atlas Freight Forwarding' }).check()
  await page.getByRole('checkbox', { name: 'Select Bay Carpentry Ltd' }).check()
  await page.getByRole('button', { name: 'Next ›' }).click()
  await expect(page).toHaveURL(/page=2/)
  await fleetTable(page)
    .getByRole('checkbox', { name: /^Select (?!all rows)/ })
    .first()
    .check()
  await expect(bar(page)).toContainText('3 selected')
  await page.getByRole('button', { name: '‹ Prev' }).click()
  await expect(
    page.getByRole('checkbox', { name: 'Select Atlas Freight Forwarding' }),
  ).toBeChecked()
  await bar(page)
    .getByRole('button', { name: `Select all ${failingBefore} in this filter` })
    .click()
  await expect(bar(page)).toContainText(`All ${failingBefore} in this filter selected`)

  const requests = await openDryRun(page)
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText(`for ${failingBefore} companies`)
  await expect(dialog.getByRole('listitem').filter({ hasText: /^Xero · \d+$/ })).toBeVisible()
  await expect(dialog).toContainText(/% of today’s Codat quota/)
  await expect(dialog).toContainText(/Sending takes\s*about \d+ s at 180 a minute/)
  // A wider scope is planned again; back to failing types only.
  await dialog.getByRole('radio', { name: /Failing and stale types/ }).check()
  await expect(dialog.getByRole('button', { name: /^Queue \d+ refresh/ })).toBeEnabled()
  await dialog.getByRole('radio', { name: /Failing types only/ }).check()
  await expect(dialog.getByRole('button', { name: `Queue ${requests} refreshes` })).toBeEnabled()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'bulk-dry-run-light')
  await dialog.getByRole('button', { name: `Queue ${requests} refreshes` }).click()
  await expect(dialog).toBeHidden()

  await expect(panel(page)).toHaveAccessibleName('Bulk refresh running')
  await expect(panel(page)).toContainText(`of ${requests} items ended`)
  await screenshot(page, 'bulk-running-light')
  // Sending at 3 a second takes about a minute of the simulation's time; the pulls take seconds.
  await advance(page, 60_000)
  await expect(panel(page).getByRole('list', { name: 'Items by state' })).toContainText('0 Queued')
  await advance(page, 60_000)
  await expect(panel(page)).toHaveAccessibleName('Bulk refresh finished', { timeout: 30_000 })
  await expect(panel(page)).toContainText(`${requests} of ${requests} items ended`)
  // The Fleet's rows updated as the pulls ended: fewer companies are failing.
  await expect.poll(() => failingCount(page)).toBeLessThan(failingBefore)
  const done = panel(page).getByRole('table', { name: 'Bulk refresh items' })
  await expect(done.getByRole('link', { name: 'Pull operation' }).first()).toBeVisible()
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'bulk-finished-dark')

  // A second job, over the whole fleet, cancelled while it sends.
  await fleetTable(page)
    .getByRole('checkbox', { name: /^Select (?!all rows)/ })
    .first()
    .check()
  await expect(bar(page)).toContainText('1 selected')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page).not.toHaveURL(/health=/)
  // Another filter, another choice.
  await expect(bar(page)).toContainText('No companies selected')
  await bar(page)
    .getByRole('button', { name: /Select all [\d,]+ in the fleet/ })
    .click()
  await openDryRun(page)
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Queue/ })
    .click()
  await expect(panel(page)).toHaveAccessibleName('Bulk refresh running')
  await panel(page).getByRole('button', { name: 'Cancel' }).click()
  await expect(panel(page)).toHaveAccessibleName('Bulk refresh cancelled', { timeout: 15_000 })
  await expect(panel(page).getByRole('list', { name: 'Items by state' })).toContainText(
    /[1-9][\d,]* Cancelled/,
  )
  await switchTheme(page, 'light')
  await panel(page).getByRole('button', { name: 'Dismiss' }).click()
  await expect(panel(page)).toHaveCount(0)
  // Dismissed stays dismissed after a reload; the job is still the console's latest.
  await page.reload()
  await expect(fleetTable(page).getByRole('row').nth(1)).toBeVisible()
  await expect(panel(page)).toHaveCount(0)
})

test('on a phone the bar, the dry run and the job panel fit and read', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await openFleet(page, '#/?health=failing')
  await page.getByRole('checkbox', { name: 'Select Atlas Freight Forwarding' }).check()
  await expect(bar(page)).toContainText('1 selected')
  const requests = await openDryRun(page)
  await screenshot(page, 'bulk-dry-run-390')
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Queue/ })
    .click()
  await expect(panel(page)).toContainText(`of ${requests} item`)
  // Survives a reload: the panel reads the console's current job.
  await page.reload()
  await expect(panel(page)).toBeVisible()
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'bulk-running-390')
})
