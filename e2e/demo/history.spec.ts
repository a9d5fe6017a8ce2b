// The History tab in the demo build: paging and the total, sorting, filters, the URL as the
// state (reload, back/forward, shared links), row links, a 5,000-row page, light and dark.
import { type Locator, type Page } from '@playwright/test'
import { expect, expectNoSeriousAxeViolations, screenshot, test } from '../support/test.ts'
import { ATLAS, NORTHWIND } from '../support/seed.ts'

const ERROR_STATUSES = new Set([
  'FetchError',
  'MapError',
  'InternalError',
  'ProcessingError',
  'ValidationError',
  'PermissionsError',
  'RateLimitError',
  'PrerequisiteNotMet',
  'AuthError',
])

// Two shared cores: axe over hundreds of cells and a 5,000-row page need time.
test.describe.configure({ timeout: 120_000 })

/** What Codat (the in-browser simulation) says, asked the way the console asks. */
async function totalResults(page: Page, companyId: string, query?: string): Promise<number> {
  return page.evaluate(
    async ({ companyId, query }) => {
      const params = new URLSearchParams({ pageSize: '1' })
      if (query) params.set('query', query)
      const response = await fetch(`/api/companies/${companyId}/data/history?${params}`)
      return ((await response.json()) as { totalResults: number }).totalResults
    },
    { companyId, query },
  )
}

async function openHistory(page: Page, companyId: string, extra = '') {
  await page.goto(`/#/companies/${companyId}?tab=history${extra}`)
  const table = page.getByRole('table', { name: 'Pull operation history' })
  await expect(table).toBeVisible()
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  return table
}

function dataRows(table: Locator) {
  return table.locator('tbody tr[aria-rowindex]')
}

async function columnTexts(table: Locator, column: string) {
  return table.locator(`tbody tr[aria-rowindex] td[data-column="${column}"]`).allInnerTexts()
}

const count = (n: number) => new Intl.NumberFormat('en-GB').format(n)

/** The pager below the table; the one above it has the same buttons. */
function pager(page: Page) {
  return page.getByRole('navigation', { name: 'History pages', exact: true })
}

test('pages through the history with the total, page size and page in the URL', async ({
  page,
}) => {
  const table = await openHistory(page, ATLAS)
  const total = await totalResults(page, ATLAS)
  expect(total).toBeGreaterThan(6000)
  const pages = Math.ceil(total / 100)
  await expect(page.getByText(`${count(total)} pull operations`)).toBeVisible()
  await expect(pager(page).getByText(`1–100 of ${count(total)}`)).toBeVisible()
  await expect(pager(page).getByText(`Page 1 of ${count(pages)}`)).toBeVisible()
  await expect(dataRows(table)).toHaveCount(100)
  await expect(pager(page).getByRole('button', { name: 'Previous page' })).toBeDisabled()
  await expect(page.getByText(/^Last updated/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible()
  await screenshot(page, 'history-light')
  await expectNoSeriousAxeViolations(page)

  await pager(page).getByRole('button', { name: 'Next page' }).click()
  await expect(page).toHaveURL(/[?&]page=2(&|$)/)
  await expect(pager(page).getByText(`101–200 of ${count(total)}`)).toBeVisible()
  await expect(pager(page).getByText(`Page 2 of ${count(pages)}`)).toBeVisible()

  await pager(page).getByRole('button', { name: 'Last page' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]page=${pages}(&|$)`))
  await expect(pager(page).getByRole('button', { name: 'Next page' })).toBeDisabled()

  await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('25')
  await expect(page).toHaveURL(/[?&]pageSize=25(&|$)/)
  await expect(page).not.toHaveURL(/[?&]page=/)
  await expect(pager(page).getByText(`1–25 of ${count(total)}`)).toBeVisible()
  await expect(dataRows(table)).toHaveCount(25)
})

test('sorts through Codat by the header buttons, by mouse and keyboard', async ({ page }) => {
  const table = await openHistory(page, NORTHWIND, '&page=2')
  const requested = table.getByRole('columnheader', { name: /Requested/ })
  await expect(requested).toHaveAttribute('aria-sort', 'descending')

  await table.getByRole('button', { name: /Data type/ }).click()
  await expect(page).toHaveURL(/[?&]sort=dataType(&|$)/)
  await expect(page).not.toHaveURL(/[?&]page=/)
  await expect(table.getByRole('columnheader', { name: /Data type/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )
  await expect(requested).not.toHaveAttribute('aria-sort')
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  const types = await columnTexts(table, 'dataType')
  expect(types.length).toBeGreaterThan(1)
  expect(types).toEqual([...types].sort())

  // The same by keyboard: focus the Status header button and press Enter.
  const status = table.getByRole('button', { name: /Status/ })
  await status.focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/[?&]sort=status(&|$)/)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/[?&]sort=-status(&|$)/)
  await expect(table.getByRole('columnheader', { name: /Status/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  )
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  const statuses = await columnTexts(table, 'status')
  expect(statuses).toEqual([...statuses].sort().reverse())
})

test('filters by status presets, single statuses and data type through Codat', async ({ page }) => {
  const table = await openHistory(page, NORTHWIND)
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Failures only' })
  await expect(page).toHaveURL(/[?&]status=failures(&|$)/)
  await expect(page.getByText(/pull operations? match(es)? the filters/)).toBeVisible()
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  const statuses = await columnTexts(table, 'status')
  expect(statuses.length).toBeGreaterThan(0)
  for (const status of statuses) expect(ERROR_STATUSES).toContain(status.trim())
  await screenshot(page, 'history-failures')
  await expectNoSeriousAxeViolations(page)

  await page.getByRole('combobox', { name: 'Data type' }).selectOption('invoices')
  await expect(page).toHaveURL(/[?&]dataType=invoices(&|$)/)
  await expect(page).toHaveURL(/[?&]status=failures(&|$)/)
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  await expect.poll(() => columnTexts(table, 'dataType')).toEqual(['invoices'])

  await page.getByRole('combobox', { name: 'Status' }).selectOption('Complete')
  await expect(page).toHaveURL(/[?&]status=Complete(&|$)/)
  const completeInvoices = await totalResults(page, NORTHWIND, 'status=Complete&&dataType=invoices')
  await expect(
    page.getByText(`${count(completeInvoices)} pull operations match the filters`),
  ).toBeVisible()

  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page).not.toHaveURL(/status=|dataType=/)
  await expect(
    page.getByText(`${count(await totalResults(page, NORTHWIND))} pull operations`),
  ).toBeVisible()
})

test('the URL restores the view on reload, and back and forward step through it', async ({
  page,
}) => {
  await openHistory(page, ATLAS, '&pageSize=25&sort=status&status=failures&page=2')
  const table = page.getByRole('table', { name: 'Pull operation history' })
  const check = async () => {
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('failures')
    await expect(page.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('25')
    await expect(table.getByRole('columnheader', { name: /Status/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    )
    await expect(pager(page).getByText(/^Page 2 of/)).toBeVisible()
  }
  await check()
  await page.reload()
  await check()

  await pager(page).getByRole('button', { name: 'Next page' }).click()
  await expect(pager(page).getByText(/^Page 3 of/)).toBeVisible()
  await page.getByRole('combobox', { name: 'Data type' }).selectOption('bills')
  await expect(page).toHaveURL(/[?&]dataType=bills(&|$)/)
  await expect(pager(page).getByText(/^Page 1 of/)).toBeVisible()

  await page.goBack()
  await expect(page).not.toHaveURL(/dataType=/)
  await expect(pager(page).getByText(/^Page 3 of/)).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Data type' })).toHaveValue('')
  await page.goBack()
  await check()
  await page.goForward()
  await expect(pager(page).getByText(/^Page 3 of/)).toBeVisible()
  await page.goForward()
  await expect(page.getByRole('combobox', { name: 'Data type' })).toHaveValue('bills')
})

test('each row links to its pull operation, and back returns to the same view', async ({
  page,
}) => {
  const table = await openHistory(page, NORTHWIND, '&status=FetchError')
  const row = dataRows(table).first()
  const error = row.locator('td[data-column="error"] [title]')
  await expect(error).toHaveAttribute('title', /.+/)
  const link = row.getByRole('link')
  const dataType = (await link.innerText()).trim()
  await link.click()
  await expect(page).toHaveURL(new RegExp(`#/companies/${NORTHWIND}/operations/[0-9a-f-]{36}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText(dataType)
  await page.goBack()
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('FetchError')
  await expect(dataRows(table).first().getByRole('link')).toHaveText(dataType)
})

test('a 5,000-row page on Atlas Freight scrolls through every row, light and dark', async ({
  page,
}) => {
  const table = await openHistory(page, ATLAS)
  const total = await totalResults(page, ATLAS)
  await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('5000')
  await expect(page).toHaveURL(/[?&]pageSize=5000(&|$)/)
  await expect(pager(page).getByText(`1–5,000 of ${count(total)}`)).toBeVisible()
  await expect(table).toHaveAttribute('aria-rowcount', '5001')
  const rendered = await table.locator('tr').count()
  expect(rendered).toBeLessThan(200)

  const scroller = page.getByRole('region', { name: /Pull operations 1–5,000/ })
  await scroller.evaluate((element) => {
    element.scrollTop = element.scrollHeight
  })
  await expect(table.locator('tr[aria-rowindex="5001"]')).toBeVisible()
  // The header stays in view at the bottom of the page.
  await expect(table.getByRole('columnheader', { name: /Requested/ })).toBeInViewport()
  await screenshot(page, 'history-5000-bottom')

  // Keyboard: the scroll area is focusable, and Home brings back the first row.
  await scroller.focus()
  await page.keyboard.press('Home')
  await expect(table.locator('tr[aria-rowindex="2"]')).toBeVisible()
  await expectNoSeriousAxeViolations(page)

  await page.getByRole('button', { name: 'Switch to dark theme' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.evaluate(() => window.scrollTo(0, 0))
  await expect(table.locator('tr[aria-rowindex="2"]')).toBeInViewport()
  await screenshot(page, 'history-dark')
  await expectNoSeriousAxeViolations(page)
})

test('keyboard focus in a 5,000-row page survives scrolling the row out of view', async ({
  page,
}) => {
  const table = await openHistory(page, ATLAS, '&pageSize=5000')
  await expect(table).toHaveAttribute('aria-rowcount', '5001')
  const firstLink = table.locator('tr[aria-rowindex="2"]').getByRole('link')
  await firstLink.focus()
  await expect(firstLink).toBeFocused()
  const scroller = page.getByRole('region', { name: /Pull operations 1–5,000/ })
  await scroller.evaluate((element) => {
    element.scrollTop = element.scrollHeight / 2
  })
  await expect(table.locator('tr[aria-rowindex="2502"]')).toBeAttached()
  // Still focused, so Tab continues from that row rather than from the top of the page.
  await expect(firstLink).toBeFocused()
  expect(await table.locator('tr[aria-rowindex]').count()).toBeLessThan(80)
  await page.keyboard.press('Tab')
  await expect(table.locator('tr[aria-rowindex="3"]').getByRole('link')).toBeFocused()
})
