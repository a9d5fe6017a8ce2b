// The pull-operation detail screen in the demo build: deep links, every field, the next step,
// the ticket bundle, neighbours, live updates, light and dark.
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { ATLAS, COBALT, HARBOUR_LANE, NORTHWIND, PEMBERTON } from '../support/seed.ts'

interface Operation {
  id: string
  companyId: string
  dataType: string
  status: string
  statusDescription?: string
  errorMessage?: string
  requested: string
}

/** Calls the simulated Codat the way the console does: same origin, through the worker. */
async function api<T>(page: Page, method: string, path: string): Promise<T> {
  return page.evaluate(
    async ({ method, path }) => {
      const response = await fetch(`/api${path}`, { method })
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`)
      return (await response.json()) as unknown
    },
    { method, path },
  ) as Promise<T>
}

async function startDemo(page: Page) {
  await page.goto('/')
  await expect(page.getByText('Demo data', { exact: true })).toBeVisible()
}

async function findOperation(page: Page, companyId: string, query: string) {
  const params = new URLSearchParams({ query, orderBy: '-requested', pageSize: '1' })
  const page1 = await api<{ results: Operation[] }>(
    page,
    'GET',
    `/companies/${companyId}/data/history?${params.toString().replace(/\+/g, '%20')}`,
  )
  const operation = page1.results[0]
  if (!operation) throw new Error(`no operation matches ${query}`)
  return operation
}

async function openOperation(page: Page, operation: { companyId: string; id: string }) {
  await page.goto(`/#/companies/${operation.companyId}/operations/${operation.id}`)
  await expect(page.getByRole('heading', { level: 1, name: /pull operation/ })).toBeVisible()
}

test('a failed pull shows every field, the next step and a ticket bundle', async ({
  page,
  context,
}) => {
  test.setTimeout(60_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await startDemo(page)
  const operation = await findOperation(page, NORTHWIND, 'status=FetchError')
  await openOperation(page, operation)

  const main = page.getByRole('main')
  await expect(main.getByRole('heading', { level: 1 })).toContainText(
    `${operation.dataType} pull operation`,
  )
  await expect(main.getByRole('heading', { level: 1 })).toContainText('FetchError')
  await expect(main.getByText(/could not read this data from the source platform/)).toBeVisible()
  await expect(main.getByText(/Refresh this data type again later/)).toBeVisible()
  await expect(main.getByText(operation.errorMessage ?? '', { exact: true })).toHaveClass(
    'op-error-message',
  )
  for (const name of ['pull operation ID', 'company ID', 'connection ID']) {
    await expect(main.getByRole('button', { name: `Copy ${name}`, exact: true })).toBeVisible()
  }
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('link', { name: 'Northwind Plumbing & Heating' })).toBeVisible()

  // Neighbours load on their own; wait for them so the screenshot shows the whole screen.
  await expect(main.getByRole('table', { name: /pulls before and after this one/ })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'operation-fetch-error')

  await main.getByRole('button', { name: 'Copy for ticket' }).click()
  await expect(main.getByRole('button', { name: 'Copy for ticket' })).toContainText('Copied')
  const ticket = await page.evaluate(() => navigator.clipboard.readText())
  expect(ticket).toContain(`Company: Northwind Plumbing & Heating (${NORTHWIND})`)
  expect(ticket).toContain(`Pull operation (dataset) ID: ${operation.id}`)
  expect(ticket).toMatch(/Requested \(UTC\): .* UTC \(as sent: /)
  expect(ticket).toContain(operation.errorMessage)
  expect(ticket).toContain(`Console: ${page.url()}`)

  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'operation-fetch-error-dark')
  await switchTheme(page, 'light')

  await breadcrumb.getByRole('link', { name: 'History' }).click()
  await expect(page).toHaveURL(new RegExp(`#/companies/${NORTHWIND}\\?tab=history`))
})

test('neighbouring pulls of the same data type link to each other', async ({ page }) => {
  await startDemo(page)
  const { results } = await api<{ results: Operation[] }>(
    page,
    'GET',
    `/companies/${ATLAS}/data/history?query=dataType%3Dinvoices&orderBy=-requested&pageSize=20`,
  )
  const [middle, newer] = [results[10], results[9]]
  if (!middle || !newer) throw new Error('Atlas has too little history')
  await openOperation(page, middle)
  const table = page.getByRole('table', { name: /invoices pulls before and after this one/ })
  await expect(table.getByRole('row')).toHaveCount(6)
  await expect(table.getByRole('row', { name: /this pull/ })).toContainText(middle.id)
  await expect(page.getByText(/2 of 10 newer pulls shown/)).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'operation-neighbours')

  await table.getByRole('row', { name: newer.id }).getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`/operations/${newer.id}$`))
  await expect(table.getByRole('row', { name: /this pull/ })).toContainText(newer.id)
  await expect(page.getByText(/2 of 9 newer pulls shown/)).toBeVisible()

  await page.getByRole('link', { name: 'All invoices pulls in the history' }).click()
  await expect(page).toHaveURL(new RegExp(`#/companies/${ATLAS}\\?tab=history&dataType=invoices`))
})

test('a rate-limited pull says until when to wait', async ({ page }) => {
  await startDemo(page)
  const operation = await findOperation(page, HARBOUR_LANE, 'status=RateLimitError')
  await openOperation(page, operation)
  const guidance = page.locator('.op-guidance')
  await expect(guidance).toContainText('rate limit was reached')
  await expect(guidance).toContainText(/Paused until \d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}/)
  await expect(page.getByText(operation.statusDescription ?? '', { exact: true })).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'operation-rate-limited')
})

test('an AuthError asks for a relink and offers the Link URL', async ({ page }) => {
  await startDemo(page)
  const operation = await findOperation(page, COBALT, 'status=AuthError')
  await openOperation(page, operation)
  await expect(page.getByText(/Ask the business to relink the connection/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy Link URL' })).toBeVisible()
  await switchTheme(page, 'dark')
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'operation-auth-error-dark')
})

test('a running pull updates live until it completes', async ({ page }) => {
  test.setTimeout(60_000)
  await startDemo(page)
  const operation = await api<Operation>(
    page,
    'POST',
    `/companies/${PEMBERTON}/data/queue/invoices`,
  )
  await openOperation(page, operation)
  const heading = page.getByRole('heading', { level: 1 })
  await expect(page.getByText(/re-reads the operation every 2 s/)).toBeVisible()
  await expect(page.getByText('not yet: still running')).toBeVisible()
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'operation-running')
  await expect(heading).toContainText('Complete', { timeout: 30_000 })
  await expect(page.getByText(/re-reads the operation/)).toHaveCount(0)
  await expect(page.getByText('Nothing to do.')).toBeVisible()
})

test('the detail screen is loaded only when it is opened', async ({ page }) => {
  const scripts: string[] = []
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.url())
  })
  await startDemo(page)
  await expect(
    page.getByRole('table', { name: 'Companies', exact: true }).getByRole('rowheader').first(),
  ).toBeVisible()
  const firstScreen = [...scripts]
  const bodies = await Promise.all(
    firstScreen.map((url) => page.evaluate((u) => fetch(u).then((r) => r.text()), url)),
  )
  expect(bodies.some((body) => body.includes('Preview the support-ticket text'))).toBe(false)

  const operation = await findOperation(page, PEMBERTON, 'status=Complete')
  await openOperation(page, operation)
  expect(scripts.length).toBeGreaterThan(firstScreen.length)
})
