// Finding and keeping one's place: name search by words, IDs and Portal links in the one box, one
// message for an unknown company, the History breadcrumb back to the same view, a history pager
// that keeps focus and lets the table be skipped, full error text, and what a later pull changes.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolationsInBothThemes,
  screenshot,
  test,
} from '../support/test.ts'
import { ATLAS } from '../support/seed.ts'

const NORTHWIND = {
  id: '5527eb54-3380-4090-be22-25af95909825',
  name: 'Northwind Plumbing & Heating',
}
const UNKNOWN = '0f0e0d0c-0b0a-4909-8807-060504030201'

test.describe.configure({ timeout: 90_000 })

/** Calls the simulated Codat as the console does; the page must show the demo (worker running). */
async function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (path) => {
    const response = await fetch(`/api${path}`)
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`)
    return (await response.json()) as unknown
  }, path) as Promise<T>
}

test('finds a company by its words in any order, ignoring case and accents', async ({ page }) => {
  await page.goto('/')
  const results = page.getByRole('table', { name: 'Companies', exact: true })
  const search = page.getByRole('searchbox', { name: 'Search companies' })
  for (const words of ['north wind', 'PLUMBING northwind', 'nörthwind plúmbing']) {
    await search.fill(words)
    await expect(results.getByRole('rowheader')).toHaveText([NORTHWIND.name])
  }
  await search.fill('northwind bakery')
  await expect(
    page.getByText('No company name contains every word of “northwind bakery”.'),
  ).toBeVisible()
})

test('opens a company from an ID or a Portal link pasted in the search box', async ({ page }) => {
  await page.goto('/')
  const heading = page.getByRole('heading', { level: 1, name: NORTHWIND.name })
  await page.getByRole('searchbox', { name: 'Search companies' }).fill(NORTHWIND.id)
  await expect(heading).toBeVisible()

  await page.goto('/')
  await page
    .getByRole('searchbox', { name: 'Search companies' })
    .fill(`https://app.codat.io/companies/${NORTHWIND.id}/summary`)
  await expect(heading).toBeVisible()

  // A link from this console, typed rather than pasted: it opens once it names a whole ID.
  await page.goto('/')
  await page
    .getByRole('searchbox', { name: 'Search companies' })
    .pressSequentially(`https://example.test/console/#/companies/${NORTHWIND.id}`)
  await expect(heading).toBeVisible()
})

test('says once, clearly, that an unknown company does not exist', async ({
  page,
  browserErrors,
}) => {
  browserErrors.allow(/status of 404/)
  await page.goto(`/#/companies/${UNKNOWN}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Company not found' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveCount(1)
  await expect(page.getByRole('alert')).toContainText(UNKNOWN)
  await expect(page.getByRole('button', { name: /Refresh/ })).toHaveCount(0)
  await expectNoSeriousAxeViolationsInBothThemes(page)
})

test('the History breadcrumb returns to the filtered, sorted page the user came from', async ({
  page,
}) => {
  const view = 'tab=history&status=failures&sort=dataType&page=2&pageSize=25'
  await page.goto(`/#/companies/${ATLAS}?${view}`)
  const table = page.getByRole('table', { name: 'Pull operation history' })
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  await table.locator('tbody tr[aria-rowindex] a').first().click()
  await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Breadcrumb' })
    .getByRole('link', { name: 'History' })
    .click()
  await expect(table).toBeVisible()
  const url = new URL(page.url().replace('#', ''))
  expect(Object.fromEntries(url.searchParams)).toEqual(
    Object.fromEntries(new URLSearchParams(view)),
  )
  await expect(
    page.getByRole('navigation', { name: 'History pages', exact: true }).getByText(/^Page 2 of/),
  ).toBeVisible()
})

test('pages by keyboard from above the table, keeping focus there, and can skip the table', async ({
  page,
}) => {
  await page.goto(`/#/companies/${ATLAS}?tab=history&pageSize=25`)
  const above = page.getByRole('navigation', { name: 'History pages, above the table' })
  const next = above.getByRole('button', { name: 'Next page' })
  await next.focus()
  await page.keyboard.press('Enter')
  await expect(above.getByText(/^26–50 of/)).toBeVisible()
  await expect(next).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(above.getByText(/^51–75 of/)).toBeVisible()
  await expect(next).toBeFocused()

  // From the pager above, Tab reaches "Skip the table", which lands on the pager below.
  await above.getByRole('button', { name: 'Last page' }).focus()
  await page.keyboard.press('Tab')
  const skip = page.getByRole('button', { name: 'Skip the table, to the pager below it' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('navigation', { name: 'History pages', exact: true })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('combobox', { name: 'Rows per page' })).toBeFocused()
})

test('shows the whole error in its row, using the screen width', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1000 })
  await page.goto(`/#/companies/${NORTHWIND.id}?tab=history&status=failures`)
  const table = page.getByRole('table', { name: 'Pull operation history' })
  await expect(table).not.toHaveAttribute('aria-busy', 'true')
  const box = await table.boundingBox()
  expect(box?.width ?? 0).toBeGreaterThan(1700)
  const cell = table.locator('td[data-column="error"]:has(button)').first()
  const show = cell.getByRole('button')
  await expect(show).toHaveAccessibleName(/^Show all of the error of this /)
  const oneLine = (await cell.boundingBox())?.height ?? 0
  await show.click()
  await expect(show).toHaveAttribute('aria-expanded', 'true')
  await expect(show).toHaveAccessibleName(/^Shorten the error of this /)
  expect((await cell.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(oneLine)
  const text = cell.locator('.history-error')
  expect(await text.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
  await screenshot(page, 'history-error-open-1920')
  await expectNoSeriousAxeViolationsInBothThemes(page)
})

test('an old failure whose data type succeeded later says there is nothing to do', async ({
  page,
}) => {
  await page.goto('/')
  // The simulation answers once the demo is on screen.
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
  const statuses = await api<
    Record<string, { currentStatus?: string; lastSuccessfulSync?: string }>
  >(page, `/companies/${ATLAS}/dataStatus`)
  const params = new URLSearchParams({
    query: 'status=FetchError||status=MapError',
    orderBy: '-requested',
    pageSize: '500',
  })
  const failures = await api<{ results: { id: string; dataType: string; requested: string }[] }>(
    page,
    `/companies/${ATLAS}/data/history?${params}`,
  )
  const found = failures.results.find(({ dataType, requested }) => {
    const status = statuses[dataType]
    return (
      status?.currentStatus === 'Complete' &&
      status.lastSuccessfulSync !== undefined &&
      Date.parse(status.lastSuccessfulSync) > Date.parse(requested)
    )
  })
  if (!found) throw new Error('the demo has no old failure followed by a success')
  await page.goto(`/#/companies/${ATLAS}/operations/${found.id}`)
  await expect(
    page.getByText(/A later pull succeeded on .*nothing to do about this one/),
  ).toBeVisible()
  await expect(page.getByText('Refresh this data type again later')).toHaveCount(0)
  await expect(
    page.getByRole('link', { name: `Open the newest ${found.dataType} pull` }),
  ).toBeVisible()
  await expect(page.getByText('Succeeded (isCompleted)')).toBeVisible()
  await expect(page.getByText('Is completed')).toHaveCount(0)
})
