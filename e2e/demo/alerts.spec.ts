// The demo's alerts: told in the Fleet's recent-alerts list instead of being sent, by the same
// rules as a live console, kept across a reload, with links that open the screens they name.
import { ATLAS } from '../support/seed.ts'
import {
  expect,
  expectNoSeriousAxeViolationsInBothThemes,
  screenshot,
  test,
} from '../support/test.ts'

// A simulated pull runs for 7–15 s of real time.
test.describe.configure({ timeout: 90_000 })

test('a stale type that a refresh brings back is told in the Fleet’s recent alerts, once', async ({
  page,
}) => {
  // The Fleet's first reading: what it finds is summed up once, never told company by company.
  await page.goto('/')
  const alerts = page.locator('details.fleet-recent-alerts')
  await expect(alerts.locator('summary')).toContainText(
    /1 in the last day · newest just now: Alerts are on: \d+ companies watched/,
  )

  // Atlas Freight's balance sheet last synced long ago: stale; a refresh completes.
  await page.goto(`/#/companies/${ATLAS}`)
  const refresh = page.getByRole('button', { name: 'Refresh balanceSheet' })
  await expect(refresh).toBeEnabled()
  await refresh.click()
  await expect(
    page.getByRole('status').filter({ hasText: /^balanceSheet: refreshed/ }),
  ).toBeVisible({
    timeout: 45_000,
  })

  // A reload of the Fleet: what was told is still there, and the recovery joins it.
  await page.goto('/')
  const title = 'Atlas Freight Forwarding: balanceSheet is healthy again'
  await expect(alerts.locator('summary')).toContainText(`2 in the last day · newest`)
  await expect(alerts.locator('summary')).toContainText(title)
  await alerts.locator('summary').click()
  await expect(alerts).toContainText('Shown here only: the demo sends nothing')
  const items = alerts.getByRole('listitem')
  await expect(items).toHaveCount(2)
  await expect(items.first()).toContainText(title)
  await expect(items.nth(1)).toContainText(/^Alerts are on: \d+ companies watched/)
  await expectNoSeriousAxeViolationsInBothThemes(page)
  await screenshot(page, 'fleet-recent-alerts')

  // Its link opens the company.
  await items.first().getByRole('link', { name: 'Open the company' }).click()
  await expect(page).toHaveURL(new RegExp(`#/companies/${ATLAS}\\?why=balanceSheet$`))
  await expect(page.getByRole('heading', { name: 'Atlas Freight Forwarding' })).toBeVisible()
})
