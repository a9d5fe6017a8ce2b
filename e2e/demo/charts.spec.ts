// The company's Charts tab on the demo build: uPlot loads only here, both charts draw in light and
// dark, desktop and phone, and each has its numbers as a table behind a toggle.
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { ATLAS } from '../support/seed.ts'

test.describe.configure({ timeout: 60_000 })

test('charts a company’s pulls by day and outcome, and durations per type', async ({ page }) => {
  const scripts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url())
  })
  await page.goto(`/#/companies/${ATLAS}`)
  await expect(page.getByRole('table', { name: 'Data status by data type' })).toBeVisible()
  const beforeCharts = scripts.length
  await page.getByRole('link', { name: 'Charts' }).click()
  await expect(page).toHaveURL(/tab=charts/)
  expect(scripts.length).toBeGreaterThan(beforeCharts)

  const daily = page.getByRole('img', { name: /^Pull operations per day over the last 7 days: / })
  await expect(daily).toBeVisible()
  await expect(daily.locator('canvas')).toHaveCount(1)
  await expect(
    page.getByRole('img', { name: /^Duration per data type, slowest first: / }),
  ).toBeVisible()

  await page.getByText('Show as a table').first().click()
  const perDay = page.getByRole('table', { name: 'Pull operations per day' })
  await expect(perDay.getByRole('row')).toHaveCount(8)
  await page.getByText('Show as a table').nth(1).click()
  await expect(page.getByRole('table', { name: 'Duration per data type' })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'charts-7-light')

  await page.getByRole('button', { name: 'Last 30 days' }).click()
  await expect(page.getByRole('button', { name: 'Last 30 days' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(
    page.getByRole('img', { name: /^Pull operations per day over the last 30 days: / }),
  ).toBeVisible()
  await expect(perDay.getByRole('row')).toHaveCount(31)
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'charts-30-dark')
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, 'charts-30-phone-dark')
})
