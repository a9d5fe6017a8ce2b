import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
  useParams,
} from '@tanstack/react-router'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { createQueryClient } from '../../app/query-client.ts'
import { formatAbsolute, parseCodatDate } from '../../lib/dates.ts'
import { server, world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { OTHER_COMPANY_IDS } from '../../mocks/seed-cast.ts'
import { PullOperationDetail } from './pull-operation-detail.tsx'

const UNKNOWN_ID = '0d9b2f7e-1c4a-4e8b-9f3d-6a5b4c3d2e1f'

function renderAt(path: string, queryClient?: QueryClient) {
  const client = queryClient ?? new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const rootRoute = createRootRoute({ component: () => <Outlet /> })
  const companyRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/companies/$companyId',
    component: () => <h1>Company screen</h1>,
  })
  const operationRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/companies/$companyId/operations/$datasetId',
    component: function Operation() {
      const { companyId, datasetId } = useParams({ strict: false })
      return <PullOperationDetail companyId={companyId ?? ''} datasetId={datasetId ?? ''} />
    },
  })
  const homeRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/',
    component: () => <h1>Choose a company</h1>,
  })
  const router = createRouter({
    routeTree: rootRoute.addChildren([homeRoute, companyRoute, operationRoute]),
    history: createMemoryHistory({ initialEntries: [path] }),
  })
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
  return router
}

function findOperation(companyId: string, status: string) {
  const operation = world.operations(companyId).find((op) => op.status === status)
  if (!operation) throw new Error(`The seed has no ${status} operation for ${companyId}`)
  return operation
}

const pathOf = (op: { companyId: string; id: string }) =>
  `/companies/${op.companyId}/operations/${op.id}`

describe('PullOperationDetail', () => {
  it('shows every field of a failed operation, what it means and the next step', async () => {
    const op = findOperation(SEED.failing.id, 'FetchError')
    renderAt(pathOf(op))
    const heading = await screen.findByRole('heading', { level: 1, name: /pull operation/ })
    expect(heading).toHaveTextContent(`${op.dataType} pull operation`)
    expect(within(heading).getByText('FetchError')).toBeInTheDocument()
    expect(screen.getByText(/could not read this data from the source platform/)).toBeVisible()
    expect(screen.getByText(/Refresh this data type again later/)).toBeVisible()
    expect(screen.getByText(op.errorMessage ?? '')).toHaveClass('op-error-message')
    // Each ID beside its name in the facts (the neighbour list, once loaded, shows this pull's too).
    const fact = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling
    expect(fact('Pull operation ID')).toHaveTextContent(op.id)
    expect(fact('Company')).toHaveTextContent(op.companyId)
    expect(fact('Connection')).toHaveTextContent(op.connectionId)
    expect(screen.getByRole('button', { name: 'Copy pull operation ID' })).toBeVisible()
    expect(screen.getByRole('button', { name: 'Copy company ID' })).toBeVisible()
    expect(screen.getByRole('button', { name: 'Copy connection ID' })).toBeVisible()
    const requested = parseCodatDate(op.requested)
    if (!requested) throw new Error('unparseable seed date')
    expect(
      screen.getAllByText(formatAbsolute(requested, { timeZone: 'UTC' }), { exact: false }),
    ).not.toHaveLength(0)
    const facts = screen.getByText(/^Ended in error/).nextElementSibling
    expect(facts).toHaveTextContent('Yes')
    expect(screen.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute(
      'value',
      String(op.progress),
    )
    // The company's name arrives from its own request and fills the breadcrumb.
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' })
    expect(
      await within(breadcrumb).findByRole('link', { name: SEED.failing.name }),
    ).toHaveAttribute('href', `/companies/${op.companyId}`)
    expect(within(breadcrumb).getByRole('link', { name: 'History' })).toHaveAttribute(
      'href',
      `/companies/${op.companyId}?tab=history`,
    )
  })

  it('names the operation’s connection even when the company answer leaves them out', async () => {
    world.setOptions({ omitDataConnections: true })
    const op = findOperation(SEED.failing.id, 'FetchError')
    renderAt(pathOf(op))
    const connection = (await screen.findByText('Connection')).nextElementSibling
    await waitFor(() => expect(connection).toHaveTextContent(/^QuickBooks Online · Linked/))
    expect(connection).toHaveTextContent(op.connectionId)
  })

  it('tells the user to have the business relink after an AuthError, with the Link URL', async () => {
    const op = findOperation(SEED.deauthorized.id, 'AuthError')
    renderAt(pathOf(op))
    expect(await screen.findByText(/Ask the business to relink the connection/)).toBeVisible()
    expect(await screen.findByRole('button', { name: 'Copy Link URL' })).toBeVisible()
  })

  it('reads the pause end out of a RateLimitError statusDescription', async () => {
    const op = findOperation(SEED.rateLimited.id, 'RateLimitError')
    renderAt(pathOf(op))
    const until = parseCodatDate(/Paused until (\S+)/.exec(op.statusDescription ?? '')?.[1] ?? '')
    if (!until) throw new Error('the seed gives no pause end')
    const guidance = await screen.findByRole('heading', { name: 'What this means' })
    const callout = guidance.parentElement as HTMLElement
    expect(callout).toHaveTextContent(/rate limit was reached/)
    expect(callout).toHaveTextContent(`Paused until ${formatAbsolute(until)}`)
  })

  it('says there is nothing to do for NotSupported', async () => {
    const op = findOperation(OTHER_COMPANY_IDS.meadowviewFarmShop, 'NotSupported')
    renderAt(pathOf(op))
    expect(await screen.findByText(/does not offer this data type/)).toBeVisible()
    expect(screen.getByText(/Nothing to do: a refresh will give the same answer/)).toBeVisible()
  })

  it('follows a running operation live until it ends', async () => {
    const company = world.company(SEED.healthy.id)
    if (!company) throw new Error('seed changed')
    const queued = world.queue(company, 'invoices')
    if (queued.kind !== 'queued') throw new Error(`could not queue: ${queued.kind}`)
    renderAt(pathOf(queued.operation))
    expect(await screen.findByText(/this screen re-reads the operation every 2 s/)).toBeVisible()
    expect(screen.getByText(/not yet: still running/)).toBeVisible()
    world.advance(60_000)
    const heading = screen.getByRole('heading', { level: 1, name: /pull operation/ })
    await waitFor(() => expect(within(heading).getByText('Complete')).toBeInTheDocument(), {
      timeout: 5000,
    })
    expect(screen.queryByText(/re-reads the operation/)).not.toBeInTheDocument()
    expect(screen.getByText('Nothing to do.')).toBeVisible()
  })

  it('copies a plain-text ticket bundle', async () => {
    const user = userEvent.setup()
    const op = findOperation(SEED.failing.id, 'FetchError')
    renderAt(pathOf(op))
    await screen.findByRole('link', { name: SEED.failing.name })
    await user.click(screen.getByRole('button', { name: 'Copy for ticket' }))
    const text = await navigator.clipboard.readText()
    const requested = parseCodatDate(op.requested)
    if (!requested) throw new Error('unparseable seed date')
    expect(text).toContain(`Company: ${SEED.failing.name} (${op.companyId})`)
    expect(text).toContain(`Pull operation (dataset) ID: ${op.id}`)
    expect(text).toContain(`Status: FetchError`)
    expect(text).toContain(`Requested (UTC): ${formatAbsolute(requested, { timeZone: 'UTC' })}`)
    expect(text).toContain(op.errorMessage)
    expect(text).toMatch(/^Console: http/m)
  })

  it('marks times Codat sent without a zone, on screen and in the ticket text', async () => {
    const user = userEvent.setup()
    const op = findOperation(SEED.failing.id, 'FetchError')
    const asSent = (iso: string) => iso.slice(0, 19) // "2026-11-28T21:05:03", no zone
    server.use(
      http.get('/api/companies/:companyId/data/history/:datasetId', () =>
        HttpResponse.json({
          ...op,
          requested: asSent(op.requested),
          ...(op.completed && { completed: asSent(op.completed) }),
        }),
      ),
    )
    renderAt(pathOf(op))
    const requested = (await screen.findByText('Requested')).nextElementSibling as HTMLElement
    expect(within(requested).getByRole('img', { name: 'No zone given; read as UTC' })).toBeVisible()
    // Shown as sent, never converted into another zone.
    const wallClock = parseCodatDate(asSent(op.requested))!
    expect(requested).toHaveTextContent(formatAbsolute(wallClock, { withMarker: false }))
    await user.click(screen.getByRole('button', { name: 'Copy for ticket' }))
    const text = await navigator.clipboard.readText()
    expect(text).toContain(`Requested (UTC): ${formatAbsolute(wallClock)}`)
    expect(text).toContain('(no zone given, shown as UTC)')
  })

  it('lists the neighbouring operations of the same data type, each linked', async () => {
    const all = world
      .operations(SEED.bigHistory.id)
      .filter((op) => op.dataType === 'invoices')
      .sort((a, b) => b.requested.localeCompare(a.requested))
    const middle = all[10]
    if (!middle) throw new Error('the big history is too small')
    renderAt(pathOf(middle))
    const table = await screen.findByRole('table', { name: /invoices pulls before and after/ })
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(6))
    const expected = all.slice(8, 13)
    const rows = within(table).getAllByRole('row').slice(1)
    rows.forEach((row, index) => {
      const op = expected[index]
      if (!op) throw new Error('missing row')
      expect(row).toHaveTextContent(op.id)
      if (op.id === middle.id) {
        expect(row).toHaveTextContent('(this pull)')
        expect(within(row).queryByRole('link')).not.toBeInTheDocument()
      } else {
        expect(within(row).getByRole('link')).toHaveAttribute('href', pathOf(op))
      }
    })
    expect(screen.getByText(/2 of 10 newer pulls shown; 2 of \d+ older pulls shown/)).toBeVisible()
  })

  it('keeps the operation on screen when only the neighbours fail', async () => {
    server.use(
      http.get('/api/companies/:companyId/data/history', () =>
        HttpResponse.json(
          { statusCode: 503, error: 'Service unavailable', correlationId: 'corr-503' },
          { status: 503 },
        ),
      ),
    )
    const op = findOperation(SEED.failing.id, 'FetchError')
    renderAt(pathOf(op))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load the neighbouring pull operations')
    expect(alert).toHaveTextContent('corr-503')
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(/pull operation/)
  })

  it('counts down while a 429 is waited out, then shows the operation', async () => {
    const op = findOperation(SEED.failing.id, 'FetchError')
    world.setFault({
      mode: 'rate-limit',
      remaining: 1,
      retryAfterSeconds: 2,
      pathPattern: '/data/history/[^/]+$',
    })
    renderAt(pathOf(op), createQueryClient())
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Still trying to load the pull operation: rate limited (429)')
    expect(within(alert).getByRole('timer')).toHaveTextContent(/retrying automatically in \d s/)
    expect(
      await screen.findByRole('heading', { level: 1, name: /pull operation/ }, { timeout: 5000 }),
    ).toBeVisible()
  })

  it('says the operation does not exist in a company that does', async () => {
    renderAt(`/companies/${SEED.healthy.id}/operations/${UNKNOWN_ID}`)
    const alert = await screen.findByRole('alert')
    await waitFor(() => expect(alert).toHaveTextContent(SEED.healthy.name))
    expect(within(alert).getByRole('heading')).toHaveTextContent('Pull operation not found')
    expect(alert).toHaveTextContent(`has no pull operation with ID ${UNKNOWN_ID}`)
  })

  it('says the company does not exist', async () => {
    renderAt(`/companies/${UNKNOWN_ID}/operations/${UNKNOWN_ID}`)
    expect(await screen.findByRole('heading', { name: 'Company not found' })).toBeVisible()
    expect(screen.getByRole('alert')).toHaveTextContent(
      `Codat has no company with ID ${UNKNOWN_ID}`,
    )
  })

  it('rejects a malformed operation ID before asking Codat anything', async () => {
    const requests: string[] = []
    const record = ({ request }: { request: Request }) => void requests.push(request.url)
    server.events.on('request:start', record)
    try {
      renderAt(`/companies/${SEED.healthy.id}/operations/not-a-uuid`)
      expect(await screen.findByRole('heading', { name: 'Not a pull operation ID' })).toBeVisible()
      expect(screen.getByRole('alert')).toHaveTextContent(
        'not-a-uuid is not a Codat pull operation',
      )
      expect(screen.getByRole('link', { name: 'Open this company’s history' })).toBeVisible()
      expect(requests).toEqual([])
    } finally {
      server.events.removeListener('request:start', record)
    }
  })
})
