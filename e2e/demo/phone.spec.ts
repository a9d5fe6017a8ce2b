// Every screen on a 390 px phone, light and dark: nothing scrolls sideways, tables become stacked
// rows with their actions in reach, dialogs fit, axe is clean; a screenshot of each to look at.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { ATLAS, JUNIPER, NORTHWIND } from '../support/seed.ts'

test.describe.configure({ timeout: 120_000 })
test.use({ viewport: { width: 390, height: 844 } })

/** Nothing on the page is wider than the screen. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
  }))
  expect(widths.page).toBeLessThanOrEqual(widths.screen)
}

/** Each visible element matched lies within the screen's width. */
async function expectWithinScreen(page: Page, selector: string) {
  const outside = await page.evaluate((selector) => {
    return [...document.querySelectorAll(selector)]
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.width > 0 && (box.left < 0 || box.right > window.innerWidth + 0.5))
      .map((box) => `${Math.round(box.left)}–${Math.round(box.right)}`)
  }, selector)
  expect(outside).toEqual([])
}

/** The whole page, and the first screenful as a phone shows it. */
async function phoneShots(page: Page, name: string) {
  await screenshot(page, name)
  await page.screenshot({ path: `.reports/screens/${name}-first-screen.png` })
}

async function checkBothThemes(page: Page, name: string) {
  await expectNoSidewaysScroll(page)
  await expectNoSeriousAxeViolations(page)
  await phoneShots(page, `phone-${name}-light`)
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await phoneShots(page, `phone-${name}-dark`)
  await switchTheme(page, 'light')
}

test('the company list fits a phone', async ({ page }) => {
  await page.goto('/')
  await expect(
    page.getByRole('table', { name: 'Companies', exact: true }).getByRole('rowheader'),
  ).not.toHaveCount(0)
  await expectWithinScreen(page, 'table a, table td')
  // The companies list and the recent companies stack, each using the screen's width.
  const viewport = page.viewportSize()?.width ?? 390
  for (const selector of ['.picker-results', '.recent-companies']) {
    const box = await page.locator(selector).boundingBox()
    expect(box?.width ?? 0, selector).toBeGreaterThanOrEqual(viewport * 0.85)
  }
  await checkBothThemes(page, 'companies')
})

test('the data status grid stacks, with every Refresh button in reach', async ({ page }) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  const grid = page.getByRole('table', { name: 'Data status by data type' })
  await expect(grid).toBeVisible()
  const refresh = grid.getByRole('button', { name: /^Refresh / })
  expect(await refresh.count()).toBeGreaterThan(3)
  await expectWithinScreen(page, 'table button, table a, table td, table th')
  await checkBothThemes(page, 'status')
})

test('the Refresh all dialog and the connection chooser fit the screen', async ({ page }) => {
  // A modal dialog covers the theme switch: each theme opens the dialogs afresh.
  for (const theme of ['light', 'dark'] as const) {
    await page.goto(`/#/companies/${NORTHWIND}`)
    if (theme === 'dark') await switchTheme(page, 'dark')
    await page.getByRole('button', { name: 'Refresh all' }).click()
    const dialog = page.getByRole('dialog', { name: 'Refresh all data types?' })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Refresh all' })).toBeInViewport({ ratio: 1 })
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport({ ratio: 1 })
    await expectWithinScreen(page, 'dialog, dialog button')
    await expectNoSidewaysScroll(page)
    await expectNoSeriousAxeViolations(page)
    await phoneShots(page, `phone-refresh-all-dialog-${theme}`)
    await dialog.getByRole('button', { name: 'Cancel' }).click()

    await page.goto(`/#/companies/${JUNIPER}`)
    await page
      .getByRole('table', { name: 'Data status by data type' })
      .getByRole('button', { name: 'Refresh invoices' })
      .click()
    const chooser = page.getByRole('dialog', { name: /from which connection/ })
    await expect(chooser).toBeVisible()
    await expect(chooser.getByRole('button', { name: 'Refresh invoices' })).toBeInViewport({
      ratio: 1,
    })
    await expectWithinScreen(page, 'dialog, dialog button, dialog label')
    await expectNoSidewaysScroll(page)
    await expectNoSeriousAxeViolations(page)
    await phoneShots(page, `phone-connection-chooser-${theme}`)
    await chooser.getByRole('button', { name: 'Cancel' }).click()
  }
})

test('the history table becomes stacked rows with readable values', async ({ page }) => {
  await page.goto(`/#/companies/${NORTHWIND}?tab=history&pageSize=25`)
  const table = page.getByRole('table', { name: 'Pull operation history' })
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  await expectWithinScreen(page, 'table td, table a, .history-pager button')
  // Values are readable, not squeezed to "b…".
  const firstType = table.locator('tbody tr[aria-rowindex] td[data-column="dataType"] a').first()
  expect(await firstType.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
  await checkBothThemes(page, 'history')
})

test('a 5,000-row history page keeps only the rows in view in the DOM, and reaches the last', async ({
  page,
}) => {
  await page.goto(`/#/companies/${ATLAS}?tab=history&pageSize=5000`)
  const table = page.getByRole('table', { name: 'Pull operation history' })
  await expect(table).toHaveAttribute('aria-rowcount', '5001')
  await expect(table.locator('tr[aria-rowindex="2"]')).toBeVisible()
  // Stacked rows in a page that scrolls as a whole would put all 5,000 in the DOM, and measure
  // each: seconds of a frozen screen on a phone.
  const rendered = table.locator('tbody tr[aria-rowindex]')
  expect(await rendered.count()).toBeLessThan(100)
  // Stacked rows are taller than the estimate the box starts from, so the end moves down as the
  // rows near it are measured: like a thumb, flick to the end until the last row shows.
  const scroller = page.getByRole('region', { name: /Pull operations 1–5,000/ })
  const last = table.locator('tr[aria-rowindex="5001"]')
  await expect(async () => {
    await scroller.evaluate((element) => {
      element.scrollTop = element.scrollHeight
    })
    await expect(last).toBeVisible({ timeout: 500 })
  }).toPass({ timeout: 10_000 })
  expect(await rendered.count()).toBeLessThan(100)
  await expectNoSidewaysScroll(page)
  await expectWithinScreen(page, 'table td, table a')
})

test('a pull operation reads on a phone', async ({ page }) => {
  await page.goto(`/#/companies/${ATLAS}?tab=history&pageSize=25`)
  await page
    .getByRole('table', { name: 'Pull operation history' })
    .locator('tbody tr[aria-rowindex] a')
    .first()
    .click()
  await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible()
  await expectWithinScreen(page, 'main table td, main dd, main button')
  await checkBothThemes(page, 'operation')
})
