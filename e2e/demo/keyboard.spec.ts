// Keyboard shortcuts in the demo build: each one driven, none while typing, and the list of
// them in a dialog opened with "?" or the header's button; light, dark and on a phone.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { ATLAS, NORTHWIND } from '../support/seed.ts'

test.describe.configure({ timeout: 90_000 })

/** Calls the simulated Codat the way the console does: same origin, through the worker. */
async function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (path) => {
    const response = await fetch(`/api${path}`)
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`)
    return (await response.json()) as unknown
  }, path) as Promise<T>
}

const helpDialog = (page: Page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' })

test('"?" and the header button list the shortcuts; Escape and Close shut the list', async ({
  page,
}) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  await expect(page.getByRole('table', { name: 'Data status by data type' })).toBeVisible()
  await page.keyboard.press('?')
  const dialog = helpDialog(page)
  await expect(dialog).toBeVisible()
  for (const words of ['Search companies by name', 'Reload what this screen shows']) {
    await expect(dialog.getByRole('row', { name: new RegExp(words) })).toBeVisible()
  }
  await expect(dialog.getByRole('row', { name: /g then h/ })).toContainText('history')
  await expect(dialog.getByRole('row', { name: /g then s/ })).toContainText('data status')
  await expect(dialog.getByRole('row', { name: /^j / })).toContainText('older')
  await expect(dialog.getByRole('row', { name: /^k / })).toContainText('newer')
  // Keys do nothing behind the open dialog.
  await page.keyboard.press('g')
  await page.keyboard.press('h')
  await expect(page).not.toHaveURL(/tab=history/)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'keyboard-help-light')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  await switchTheme(page, 'dark')
  const button = page.getByRole('button', { name: 'Keyboard shortcuts' })
  await button.click()
  await expect(dialog).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'keyboard-help-dark')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
  await expect(button).toBeFocused()
})

test('"g h" and "g s" move between a company’s history and its status; "r" re-reads the screen', async ({
  page,
}) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  await expect(page.getByRole('table', { name: 'Data status by data type' })).toBeVisible()
  await page.keyboard.press('g')
  await page.keyboard.press('h')
  await expect(page).toHaveURL(new RegExp(`#/companies/${NORTHWIND}\\?tab=history$`))
  const history = page.getByRole('table', { name: 'Pull operation history' })
  await expect(history).toBeVisible()

  // A new read of the screen's data, not a page reload: the page's own state survives.
  await page.evaluate(() => ((window as unknown as { kept: number }).kept = 42))
  const reread = page.waitForRequest((request) => request.url().includes('/data/history?'))
  await page.keyboard.press('r')
  await reread
  expect(await page.evaluate(() => (window as unknown as { kept?: number }).kept)).toBe(42)

  await page.keyboard.press('g')
  await page.keyboard.press('s')
  await expect(page).toHaveURL(new RegExp(`#/companies/${NORTHWIND}$`))
  await expect(page.getByRole('table', { name: 'Data status by data type' })).toBeVisible()
  const status = page.waitForRequest((request) => request.url().endsWith('/dataStatus'))
  await page.keyboard.press('r')
  await status
})

test('"/" finds the company search from any screen, and typing there is just typing', async ({
  page,
}) => {
  await page.goto(`/#/companies/${NORTHWIND}`)
  await expect(page.getByRole('table', { name: 'Data status by data type' })).toBeVisible()
  await page.keyboard.press('/')
  await expect(page).toHaveURL(/#\/$/)
  const search = page.getByRole('searchbox', { name: 'Search companies' })
  await expect(search).toBeFocused()
  // Shortcut keys typed into the field are letters in the field, nothing else.
  await page.keyboard.type('rg h?/')
  await expect(search).toHaveValue('rg h?/')
  await expect(helpDialog(page)).toBeHidden()
  await expect(page).toHaveURL(/#\/\?q=|#\/$/)

  // A key held with a modifier is the browser's, not the console's.
  await page.locator('body').click({ position: { x: 5, y: 300 } })
  await page.keyboard.press('Alt+/')
  await expect(search).not.toBeFocused()
  await page.keyboard.press('/')
  await expect(search).toBeFocused()
})

test('"j" and "k" step to the next and previous pull of the data type', async ({ page }) => {
  await page.goto('/')
  // The simulation answers once the demo has started.
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
  const { results } = await api<{ results: { id: string }[] }>(
    page,
    `/companies/${ATLAS}/data/history?query=dataType%3Dinvoices&orderBy=-requested&pageSize=20`,
  )
  const [newer, middle, older] = [results[9], results[10], results[11]]
  if (!newer || !middle || !older) throw new Error('Atlas has too little history')
  await page.goto(`/#/companies/${ATLAS}/operations/${middle.id}`)
  const table = page.getByRole('table', { name: /invoices pulls before and after this one/ })
  await expect(table.getByRole('row', { name: /this pull/ })).toContainText(middle.id)

  await page.keyboard.press('j')
  await expect(page).toHaveURL(new RegExp(`/operations/${older.id}$`))
  await expect(table.getByRole('row', { name: /this pull/ })).toContainText(older.id)
  await page.keyboard.press('k')
  await expect(page).toHaveURL(new RegExp(`/operations/${middle.id}$`))
  await page.keyboard.press('k')
  await expect(page).toHaveURL(new RegExp(`/operations/${newer.id}$`))
  await expect(table.getByRole('row', { name: /this pull/ })).toContainText(newer.id)
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('the shortcuts list fits the screen', async ({ page }) => {
    await page.goto(`/#/companies/${NORTHWIND}`)
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
    await expect(helpDialog(page)).toBeVisible()
    await expectNoSeriousAxeViolations(page)
    await page.screenshot({ path: '.reports/screens/keyboard-help-phone-light.png' })
    await page.keyboard.press('Escape')
    await switchTheme(page, 'dark')
    await page.screenshot({ path: '.reports/screens/keyboard-header-phone-dark.png' })
  })
})
