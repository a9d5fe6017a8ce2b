import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildQuery, FAILURES_ONLY, IN_PROGRESS } from '../../lib/codat-query.ts'
import { statusGroup } from '../../lib/status-groups.ts'
import { codatError } from '../../mocks/codat-responses.ts'
import { server, world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { HistoryPanel } from './history-panel.tsx'
import { historySearchSchema, type HistoryView } from './history-view.ts'

const ATLAS = SEED.bigHistory.id
const NORTHWIND = SEED.failing.id
const PEMBERTON = SEED.healthy.id

/** Every history request the panel makes, as its search params. */
let requests: URLSearchParams[] = []
const record = ({ request }: { request: Request }) => {
  const url = new URL(request.url)
  if (url.pathname.endsWith('/data/history')) requests.push(url.searchParams)
}
beforeEach(() => {
  requests = []
  server.events.on('request:start', record)
})
afterEach(() => {
  server.events.removeListener('request:start', record)
})

const lastRequest = () => requests[requests.length - 1]

/** The panel inside a router like the app's: search params in the URL, a detail route. */
function renderHistory(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const rootRoute = createRootRoute({ component: Outlet })
  const companyRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/companies/$companyId',
    validateSearch: historySearchSchema,
    component: function CompanyScreen() {
      const { companyId } = companyRoute.useParams()
      const search = companyRoute.useSearch()
      const navigate = companyRoute.useNavigate()
      return (
        <HistoryPanel
          companyId={companyId}
          search={search}
          onSearchChange={(change: Partial<HistoryView>) =>
            void navigate({ search: (previous) => ({ ...previous, ...change }) })
          }
        />
      )
    },
  })
  const operationRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/companies/$companyId/operations/$datasetId',
    component: function OperationScreen() {
      const { datasetId } = operationRoute.useParams()
      return <h1>Operation {datasetId}</h1>
    },
  })
  const router = createRouter({
    routeTree: rootRoute.addChildren([companyRoute, operationRoute]),
    history: createMemoryHistory({ initialEntries: [path] }),
  })
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
  return { router, user: userEvent.setup() }
}

const urlSearch = (router: { state: { location: { search: unknown } } }) =>
  router.state.location.search as Record<string, unknown>

async function findTable() {
  return screen.findByRole('table', { name: 'Pull operation history' })
}

/** Data rows (the header row and spacers excluded). */
function dataRows(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .filter((row) => row.getAttribute('aria-rowindex') !== '1')
}

/** The pager below the table (the one above shares its buttons' names). */
function bottomPager() {
  return screen.getByRole('navigation', { name: 'History pages' })
}

function pagerButton(name: string) {
  return within(bottomPager()).getByRole('button', { name })
}

/** Pemberton's history answers with just these operations, on one page. */
function answerPembertonHistory(results: unknown[]) {
  server.use(
    http.get('/api/companies/:companyId/data/history', () =>
      HttpResponse.json({
        results,
        pageNumber: 1,
        pageSize: 100,
        totalResults: results.length,
        _links: {
          self: { href: `/companies/${PEMBERTON}/data/history` },
          current: { href: `/companies/${PEMBERTON}/data/history?page=1&pageSize=100` },
        },
      }),
    ),
  )
}

describe('paging', { timeout: 30_000 }, () => {
  it('shows the total and pages through Codat with page and pageSize', async () => {
    const { router, user } = renderHistory(`/companies/${ATLAS}?tab=history`)
    const table = await findTable()
    expect(dataRows(table)).toHaveLength(100)
    expect(screen.getByText('6,500 pull operations')).toBeInTheDocument()
    expect(within(bottomPager()).getByText('1–100 of 6,500')).toBeInTheDocument()
    expect(within(bottomPager()).getByText('Page 1 of 65')).toBeInTheDocument()
    expect(pagerButton('Previous page')).toHaveAttribute('aria-disabled', 'true')
    expect(pagerButton('First page')).toHaveAttribute('aria-disabled', 'true')
    expect(lastRequest()?.get('page')).toBe('1')
    expect(lastRequest()?.get('pageSize')).toBe('100')

    await user.click(pagerButton('Next page'))
    expect(await within(bottomPager()).findByText('Page 2 of 65')).toBeInTheDocument()
    await within(bottomPager()).findByText('101–200 of 6,500')
    expect(urlSearch(router).page).toBe(2)
    expect(lastRequest()?.get('page')).toBe('2')

    await user.click(pagerButton('Last page'))
    await within(bottomPager()).findByText('6,401–6,500 of 6,500')
    expect(urlSearch(router).page).toBe(65)
    expect(pagerButton('Next page')).toHaveAttribute('aria-disabled', 'true')

    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '25')
    await within(bottomPager()).findByText('1–25 of 6,500')
    expect(within(bottomPager()).getByText('Page 1 of 260')).toBeInTheDocument()
    expect(urlSearch(router)).toMatchObject({ pageSize: 25 })
    expect(urlSearch(router).page).toBeUndefined()
    expect(lastRequest()?.get('pageSize')).toBe('25')
    expect(dataRows(await findTable())).toHaveLength(25)
  })

  it('makes Next unavailable while the previous page stands in for the one being loaded', async () => {
    const { user } = renderHistory(`/companies/${ATLAS}?tab=history&pageSize=25`)
    await findTable()
    const next = pagerButton('Next page')
    expect(next).not.toHaveAttribute('aria-disabled')
    world.setFault({ mode: 'slow', delayMs: 400, pathPattern: '/data/history$' })
    await user.click(next)
    expect(pagerButton('Next page')).toHaveAttribute('aria-disabled', 'true')
    expect(within(bottomPager()).getByText('Loading rows 26–50…')).toBeInTheDocument()
    // The old rows stay on screen meanwhile, marked busy.
    expect(await findTable()).toHaveAttribute('aria-busy', 'true')
    await within(bottomPager()).findByText('26–50 of 6,500')
    expect(pagerButton('Next page')).not.toHaveAttribute('aria-disabled')
  })

  it('keeps focus on the pager while paging, and skips the table on request', async () => {
    const { user } = renderHistory(`/companies/${ATLAS}?tab=history&pageSize=25`)
    await findTable()
    const above = screen.getByRole('navigation', { name: 'History pages, above the table' })
    const next = within(above).getByRole('button', { name: 'Next page' })
    await user.click(next)
    await within(above).findByText('26–50 of 6,500')
    expect(next).toHaveFocus()
    await user.click(within(above).getByRole('button', { name: 'Last page' }))
    await within(above).findByText('6,476–6,500 of 6,500')
    expect(within(above).getByRole('button', { name: 'Last page' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Skip the table, to the pager below it' }))
    expect(bottomPager()).toHaveFocus()
  })

  it('says when a linked page is past the end and offers the last page', async () => {
    const { user } = renderHistory(`/companies/${PEMBERTON}?tab=history&page=40`)
    expect(await screen.findByText(/Page 40 is past the end/)).toBeInTheDocument()
    await user.click(pagerButton('Last page'))
    expect(await within(bottomPager()).findByText('Page 1 of 1')).toBeInTheDocument()
    expect(screen.queryByText(/past the end/)).not.toBeInTheDocument()
  })
})

describe('sorting', { timeout: 30_000 }, () => {
  it('starts newest first and sends each header choice to Codat as orderBy', async () => {
    const { router, user } = renderHistory(`/companies/${NORTHWIND}?tab=history&page=2&pageSize=25`)
    const table = await findTable()
    expect(within(table).getByRole('columnheader', { name: /Requested/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    )
    expect(lastRequest()?.get('orderBy')).toBe('-requested')

    await user.click(within(table).getByRole('button', { name: /Data type/ }))
    await waitFor(() => expect(lastRequest()?.get('orderBy')).toBe('dataType'))
    expect(urlSearch(router)).toMatchObject({ sort: 'dataType' })
    // A new order starts at the first page.
    expect(urlSearch(router).page).toBeUndefined()
    expect(lastRequest()?.get('page')).toBe('1')
    await waitFor(() =>
      expect(screen.getByRole('columnheader', { name: /Data type/ })).toHaveAttribute(
        'aria-sort',
        'ascending',
      ),
    )
    expect(screen.getByRole('columnheader', { name: /Requested/ })).not.toHaveAttribute('aria-sort')
    // The request leaves before the table re-renders, and the table uses that same request.
    expect(requests.filter((request) => request.get('orderBy') === 'dataType')).toHaveLength(1)
    await waitFor(() => {
      const types = dataRows(screen.getByRole('table')).map(
        (row) => within(row).getAllByRole('cell')[0]?.textContent ?? '',
      )
      expect(types).toEqual([...types].sort())
    })

    // Keyboard: the header button is reachable and toggles with Enter.
    screen.getByRole('button', { name: /Data type/ }).focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(lastRequest()?.get('orderBy')).toBe('-dataType'))
    expect(urlSearch(router)).toMatchObject({ sort: '-dataType' })

    await user.click(screen.getByRole('button', { name: /Status/ }))
    await waitFor(() => expect(lastRequest()?.get('orderBy')).toBe('status'))

    // Back to the default order leaves sort out of the URL.
    await user.click(screen.getByRole('button', { name: /Requested/ }))
    await waitFor(() => expect(lastRequest()?.get('orderBy')).toBe('-requested'))
    expect(urlSearch(router).sort).toBeUndefined()
    await user.click(screen.getByRole('button', { name: /Completed/ }))
    await waitFor(() => expect(lastRequest()?.get('orderBy')).toBe('-completed'))
  })
})

describe('filters', { timeout: 30_000 }, () => {
  it('turns the presets into Codat queries and resets the page', async () => {
    const { router, user } = renderHistory(`/companies/${NORTHWIND}?tab=history&page=2&pageSize=25`)
    await findTable()
    const status = screen.getByRole('combobox', { name: 'Status' })

    await user.selectOptions(status, 'Failures only')
    await waitFor(() => expect(lastRequest()?.get('query')).toBe(buildQuery([FAILURES_ONLY])))
    expect(urlSearch(router)).toMatchObject({ status: 'failures' })
    expect(urlSearch(router).page).toBeUndefined()
    await waitFor(() => expect(screen.getByText(/match the filters/)).toBeInTheDocument())
    const badges = dataRows(await findTable()).map(
      (row) => within(row).getAllByRole('cell')[1]?.textContent ?? '',
    )
    expect(badges.length).toBeGreaterThan(0)
    for (const badge of badges) expect(['error', 'relink']).toContain(statusGroup(badge))

    await user.selectOptions(status, 'In progress')
    await waitFor(() => expect(lastRequest()?.get('query')).toBe(buildQuery([IN_PROGRESS])))
    expect(urlSearch(router)).toMatchObject({ status: 'in-progress' })

    await user.selectOptions(status, 'All')
    await waitFor(() => expect(lastRequest()?.has('query')).toBe(false))
    expect(urlSearch(router).status).toBeUndefined()
  })

  it('combines a single status with a data type, and clears both', async () => {
    const { router, user } = renderHistory(`/companies/${NORTHWIND}?tab=history`)
    await findTable()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'FetchError')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Data type' }), 'invoices')
    await waitFor(() =>
      expect(lastRequest()?.get('query')).toBe('status=FetchError&&dataType=invoices'),
    )
    expect(urlSearch(router)).toMatchObject({ status: 'FetchError', dataType: 'invoices' })
    await screen.findByText('1 pull operation matches the filters')
    const [row] = dataRows(await findTable())
    expect(row).toHaveTextContent('invoices')
    expect(row).toHaveTextContent('FetchError')

    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(lastRequest()?.has('query')).toBe(false))
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('')
    expect(screen.getByRole('combobox', { name: 'Data type' })).toHaveValue('')
  })

  it('restores a shared link: several statuses, sort, page and size from the URL', async () => {
    renderHistory(
      `/companies/${ATLAS}?tab=history&status=FetchError,MapError&sort=status&page=2&pageSize=25`,
    )
    await findTable()
    const request = lastRequest()
    expect(request?.get('query')).toBe('status=FetchError||status=MapError')
    expect(request?.get('orderBy')).toBe('status')
    expect(request?.get('page')).toBe('2')
    expect(request?.get('pageSize')).toBe('25')
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveDisplayValue(
      'FetchError, MapError',
    )
    expect(screen.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('25')
    expect(within(bottomPager()).getByText(/^Page 2 of/)).toBeInTheDocument()
  })

  it("shows Codat's message when it refuses the query, and lets the user clear the filters", async () => {
    server.use(
      http.get('/api/companies/:companyId/data/history', ({ request }) =>
        new URL(request.url).searchParams.has('query')
          ? codatError(
              400,
              'PullApi',
              'Error parsing query - Could not resolve property status on Dataset',
            )
          : undefined,
      ),
    )
    const { user } = renderHistory(`/companies/${NORTHWIND}?tab=history&status=failures`)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('request refused (400)')
    expect(alert).toHaveTextContent(
      'Codat said: Error parsing query - Could not resolve property status on Dataset',
    )
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(await findTable()).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})

describe('rows and live state', { timeout: 30_000 }, () => {
  it('shows each operation with its details and links it to its detail screen', async () => {
    const { router, user } = renderHistory(
      `/companies/${NORTHWIND}?tab=history&status=FetchError&dataType=invoices`,
    )
    const [row] = dataRows(await findTable())
    if (!row) throw new Error('no row')
    const cells = within(row).getAllByRole('cell')
    const headers = within(screen.getByRole('table'))
      .getAllByRole('columnheader')
      .map((header) => header.textContent)
    expect(headers).toEqual([
      'Data type',
      'Status',
      'Progress',
      'Requested',
      'Completed',
      'Duration',
      'Connection',
      'Error',
    ])
    expect(cells[2]).toHaveTextContent('%')
    // The platform people know, not an ID fragment; the ID is on hover.
    await waitFor(() => expect(cells[6]).toHaveTextContent('QuickBooks Online'))
    expect(cells[6]).not.toHaveTextContent(SEED.failing.connectionId.slice(0, 8))
    expect(within(cells[6] as HTMLElement).getByText('QuickBooks Online')).toHaveAttribute(
      'title',
      `QuickBooks Online connection ${SEED.failing.connectionId}`,
    )
    const error = cells[7]?.querySelector('.history-error')
    expect(error?.getAttribute('title')).toBeTruthy()
    expect(error?.textContent).toBe(error?.getAttribute('title'))
    // A long error opens in its row.
    if ((error?.textContent ?? '').length > 48) {
      const all = within(cells[7] as HTMLElement).getByRole('button', {
        name: 'Show all of the error of this invoices pull',
      })
      await user.click(all)
      expect(all).toHaveAttribute('aria-expanded', 'true')
    }

    const link = within(row).getByRole('link', { name: 'invoices' })
    await user.click(link)
    const heading = await screen.findByRole('heading', { level: 1 })
    expect(heading.textContent).toMatch(/^Operation [0-9a-f-]{36}$/)
    expect(router.state.location.pathname).toMatch(
      new RegExp(`^/companies/${NORTHWIND}/operations/[0-9a-f-]{36}$`),
    )
  })

  it('shows the ID of a connection the company does not list', async () => {
    const [first, second] = world.operations(PEMBERTON)
    if (!first || !second) throw new Error('the seed has too few operations')
    // A pull from a connection since deleted: its platform is unknown, not guessed.
    const goneId = '9b0f0e1a-2222-4333-8444-555555555555'
    answerPembertonHistory([first, { ...second, connectionId: goneId }])
    renderHistory(`/companies/${PEMBERTON}?tab=history`)
    const [knownRow, goneRow] = dataRows(await findTable())
    const known = within(knownRow!).getAllByRole('cell')[6] as HTMLElement
    const gone = within(goneRow!).getAllByRole('cell')[6] as HTMLElement
    await waitFor(() => expect(known).toHaveTextContent('Xero'))
    expect(gone).toHaveTextContent(goneId.slice(0, 8))
    expect(within(gone).getByTitle(goneId)).toBeVisible()
    expect(gone).not.toHaveTextContent('Xero')
  })

  it('keeps the rows and shows a banner when a reload fails', async () => {
    const { user } = renderHistory(`/companies/${PEMBERTON}?tab=history`)
    const table = await findTable()
    const before = dataRows(table).length
    expect(screen.getByText(/^Last updated/)).toBeInTheDocument()
    world.setFault({ mode: 'server-error', pathPattern: '/data/history$' })
    await user.click(screen.getByRole('button', { name: 'Reload' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load the latest history')
    expect(alert).toHaveTextContent('Codat error (500)')
    expect(dataRows(screen.getByRole('table'))).toHaveLength(before)

    world.setFault({ mode: 'none' })
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
  })

  it('shows a load failure in the panel with a retry', async () => {
    world.setFault({ mode: 'unavailable', pathPattern: '/data/history$', remaining: 1 })
    const { user } = renderHistory(`/companies/${PEMBERTON}?tab=history`)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load pull-operation history: Codat error (503)')
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await findTable()).toBeInTheDocument()
  })

  it('renders only part of a large page, keeping the row count and positions', async () => {
    // jsdom has no layout: give the scroll area and each row the sizes a browser would.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200)
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(41)
    renderHistory(`/companies/${ATLAS}?tab=history&pageSize=500`)
    const table = await findTable()
    await within(bottomPager()).findByText('1–500 of 6,500')
    expect(table).toHaveAttribute('aria-rowcount', '501')
    const rows = dataRows(table)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(100)
    expect(rows[0]).toHaveAttribute('aria-rowindex', '2')
  })
})

describe('times', () => {
  it('shows a time Codat sent without a zone as sent, with a named mark', async () => {
    const [first, second] = world.operations(PEMBERTON)
    if (!first || !second) throw new Error('the seed has too few operations')
    const zoneless = { ...first, requested: first.requested.slice(0, 19) }
    answerPembertonHistory([zoneless, second])
    renderHistory(`/companies/${PEMBERTON}?tab=history`)
    const table = await findTable()
    const [zonelessRow, zonedRow] = dataRows(table)
    const mark = { name: 'No zone given; read as UTC' }
    expect(within(zonelessRow!).getByRole('img', mark)).toBeVisible()
    expect(within(zonedRow!).queryByRole('img', mark)).toBeNull()
    // Each time names its zone; the zone-less one says on hover it was read as UTC.
    expect(within(zonedRow!).getAllByRole('time')[0]).toHaveTextContent(/\d{2}:\d{2} \S+$/)
    expect(within(zonelessRow!).getAllByRole('time')[0]).toHaveAttribute(
      'title',
      expect.stringContaining('(no zone given, shown as UTC)'),
    )
  })
})
