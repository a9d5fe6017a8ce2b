// Bulk refresh on the Fleet: choosing companies, the dry run, queuing it once, following the job,
// and who may not.
import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import type { BulkJob } from '../../api/bulk-schemas.ts'
import { emptyBulkCounts } from '../../lib/bulk-refresh.ts'
import type { FleetSearch } from '../../api/fleet-schemas.ts'
import { sessionQuery, type Session } from '../../api/session.ts'
import { server } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { renderScreen } from '../../test/render-screen.tsx'
import { FleetScreen } from './fleet-screen.tsx'

const operator: Session = { user: 'otto', role: 'operator', readOnly: false, mode: 'live' }
const viewer: Session = { user: 'vera', role: 'viewer', readOnly: false, mode: 'live' }

function renderFleet(search: FleetSearch, session: Session = operator) {
  return renderScreen(<FleetScreen search={search} onSearchChange={vi.fn()} />, {
    seed: (client) => client.setQueryData(sessionQuery.queryKey, session),
  })
}

/** Every bulk request the screen makes, with its body. */
function recordBulkRequests() {
  const requests: { method: string; path: string; body: unknown }[] = []
  server.events.on('request:start', ({ request }) => {
    const path = new URL(request.url).pathname
    if (!path.startsWith('/api/fleet/bulk') || request.method !== 'POST') return
    void request
      .clone()
      .text()
      .then((text) =>
        requests.push({ method: request.method, path, body: text && JSON.parse(text) }),
      )
  })
  return requests
}

/** A draft as a console might answer it, for what the demo never says. */
function draft(estimate: Partial<BulkJob['estimate']>): BulkJob {
  return {
    id: 'job-1',
    state: 'draft',
    scope: 'failing',
    selection: '1 chosen company',
    companies: 1,
    createdBy: 'otto',
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    cancelledAt: null,
    counts: { ...emptyBulkCounts(), queued: 40 },
    skippedBy: {},
    byConnection: [{ label: 'Xero', requests: 40 }],
    estimate: {
      requests: 40,
      quotaShare: null,
      overReserve: 0,
      seconds: 8,
      quota: null,
      perMinute: 300,
      ...estimate,
    },
    items: { results: [], pageNumber: 1, pageSize: 100, totalResults: 40 },
  }
}

describe('Bulk refresh on the Fleet', () => {
  it('queues the chosen companies after a dry run, once, and follows the job', async () => {
    const requests = recordBulkRequests()
    const { user } = renderFleet({ health: 'failing' })
    await user.click(await screen.findByRole('checkbox', { name: `Select ${SEED.failing.name}` }))
    const bar = screen.getByRole('group', { name: 'Bulk refresh' })
    expect(bar).toHaveTextContent('1 selected')
    await user.click(within(bar).getByRole('button', { name: 'Refresh selected…' }))

    const dialog = await screen.findByRole('dialog', { name: 'Refresh the chosen companies' })
    expect(within(dialog).getByRole('radio', { name: /Failing types only/ })).toBeChecked()
    const confirm = await within(dialog).findByRole('button', { name: /^Queue \d+ refresh/ })
    const requested = Number(/Queue (\d+)/.exec(confirm.textContent)?.[1])
    expect(requested).toBeGreaterThan(0)
    expect(within(dialog).getByText('By connection').nextElementSibling).toHaveTextContent(
      `QuickBooks Online · ${requested}`,
    )
    expect(dialog).toHaveTextContent(/% of today’s Codat quota/)
    // The dry run sent nothing: only the draft was asked for.
    expect(requests.map((r) => r.path)).toEqual(['/api/fleet/bulk'])
    expect(requests[0]?.body).toMatchObject({
      scope: 'failing',
      selection: { companyIds: [SEED.failing.id] },
    })

    await user.dblClick(confirm)
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(requests.filter((r) => r.path.endsWith('/start'))).toHaveLength(1)

    const panel = await screen.findByRole('region', { name: /Bulk refresh (running|finished)/ })
    expect(panel).toHaveTextContent(`Failing types only for 1 chosen company, started by`)
    expect(within(panel).getByRole('progressbar', { name: 'Items ended' })).toBeInTheDocument()
    const items = await within(panel).findByRole('table', { name: 'Bulk refresh items' })
    expect(within(items).getAllByRole('link', { name: SEED.failing.name })).toHaveLength(requested)
    expect(within(panel).getByRole('button', { name: 'Cancel' })).toBeEnabled()
    // A second job waits for this one.
    const again = screen.getByRole('button', { name: 'Refresh selected…' })
    expect(again).toHaveAttribute('aria-disabled', 'true')
    expect(again).toHaveAccessibleDescription(/A bulk refresh is running/)
  })

  it('chooses every company in the filter by sending the filter, and plans again per scope', async () => {
    const requests = recordBulkRequests()
    const { user } = renderFleet({ health: 'failing' })
    const bar = await screen.findByRole('group', { name: 'Bulk refresh' })
    await user.click(
      await within(bar).findByRole('button', { name: /Select all \d+ in this filter/ }),
    )
    expect(bar).toHaveTextContent(/All \d+ in this filter selected/)
    for (const box of screen.getAllByRole('checkbox', { name: /^Select / }))
      expect(box).toBeChecked()
    await user.click(within(bar).getByRole('button', { name: 'Refresh selected…' }))
    const dialog = await screen.findByRole('dialog')
    await within(dialog).findByRole('button', { name: /^Queue \d+/ })
    await user.click(within(dialog).getByRole('radio', { name: /All data/ }))
    await within(dialog).findByText(/for \d+ companies/)
    await waitFor(() => expect(requests).toHaveLength(2))
    expect(requests.map((r) => r.body)).toEqual([
      { selection: { filter: { health: 'failing' } }, scope: 'failing' },
      { selection: { filter: { health: 'failing' } }, scope: 'all' },
    ])
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await user.click(within(bar).getByRole('button', { name: 'Clear' }))
    expect(bar).toHaveTextContent('No companies selected')
  })

  it.each([
    {
      what: 'an unknown quota, never 0',
      estimate: {},
      says: /Codat quota\s*unknown: Codat’s limits not seen yet/,
    },
    {
      what: 'requests below the quota reserve',
      estimate: { quotaShare: 0.04, overReserve: 12 },
      says: /12 requests fall below the quota the console keeps in reserve: they wait/,
    },
  ])('says so in the dry run when it finds $what', async ({ estimate, says }) => {
    server.use(
      http.post('/api/fleet/bulk', () => HttpResponse.json(draft(estimate), { status: 201 })),
    )
    const { user } = renderFleet({ health: 'failing' })
    await user.click(await screen.findByRole('checkbox', { name: `Select ${SEED.failing.name}` }))
    await user.click(screen.getByRole('button', { name: 'Refresh selected…' }))
    const dialog = await screen.findByRole('dialog')
    await within(dialog).findByRole('button', { name: 'Queue 40 refreshes' })
    expect(dialog).toHaveTextContent(says)
    expect(dialog).toHaveTextContent(/Sending takes\s*about 8 s at 300 a minute/)
  })

  it('shows the latest job after a reload, its failures with Codat’s words, and retries them', async () => {
    const finished: BulkJob = {
      ...draft({}),
      state: 'finished',
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      finishedAt: new Date().toISOString(),
      counts: { ...emptyBulkCounts(), done: 38, failed: 1, unknown: 1 },
      items: {
        results: [
          {
            position: 7,
            companyId: SEED.failing.id,
            companyName: SEED.failing.name,
            dataType: 'invoices',
            connectionId: null,
            connectionLabel: 'Xero',
            state: 'failed',
            skipReason: null,
            datasetId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
            error: 'The pull ended FetchError',
            attempts: 1,
            updatedAt: new Date().toISOString(),
          },
        ],
        pageNumber: 1,
        pageSize: 100,
        totalResults: 1,
      },
    }
    const retried = vi.fn()
    server.use(
      http.get('/api/fleet/bulk/current', () => HttpResponse.json({ job: finished })),
      http.get('/api/fleet/bulk/job-1', () => HttpResponse.json(finished)),
      http.post('/api/fleet/bulk/job-1/retry', () => {
        retried()
        return HttpResponse.json({ ...finished, state: 'running' })
      }),
    )
    const { user } = renderFleet({})
    const panel = await screen.findByRole('region', { name: 'Bulk refresh finished' })
    expect(panel).toHaveTextContent('started by otto 2 minutes ago')
    expect(within(panel).getByRole('list', { name: 'Items by state' })).toHaveTextContent(
      '38 Done1 Failed',
    )
    const row = (await within(panel).findByRole('link', { name: SEED.failing.name })).closest('tr')
    expect(row).toHaveTextContent('invoicesXeroFailedThe pull ended FetchError')
    expect(within(row!).getByRole('link', { name: 'Pull operation' })).toHaveAttribute(
      'href',
      `/companies/${SEED.failing.id}/operations/3fa85f64-5717-4562-b3fc-2c963f66afa6`,
    )
    await user.click(within(panel).getByRole('button', { name: 'Retry failed (2)' }))
    await waitFor(() => expect(retried).toHaveBeenCalledOnce())
    expect(await screen.findByRole('region', { name: 'Bulk refresh running' })).toBeInTheDocument()
  })

  it('says why the console refused to start, and shows the job that is running instead', async () => {
    let isOtherRunning = false
    const other: BulkJob = {
      ...draft({}),
      id: 'job-2',
      state: 'running',
      createdBy: 'olga',
      startedAt: new Date().toISOString(),
    }
    server.use(
      http.get('/api/fleet/bulk/current', () =>
        HttpResponse.json({ job: isOtherRunning ? other : null }),
      ),
      http.post('/api/fleet/bulk/:id/start', () => {
        isOtherRunning = true
        return HttpResponse.json(
          { statusCode: 409, service: 'ConsoleProxy', error: 'Another bulk refresh is running' },
          { status: 409 },
        )
      }),
    )
    const { user } = renderFleet({ health: 'failing' })
    await user.click(await screen.findByRole('checkbox', { name: `Select ${SEED.failing.name}` }))
    await user.click(screen.getByRole('button', { name: 'Refresh selected…' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(await within(dialog).findByRole('button', { name: /^Queue \d+ refresh/ }))
    expect(await within(dialog).findByText(/Another bulk refresh is running/)).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    const panel = await screen.findByRole('region', { name: 'Bulk refresh running' })
    expect(panel).toHaveTextContent('started by olga')
  })

  it('will not queue nothing, and says why', async () => {
    const { user } = renderFleet({ health: 'healthy' })
    const box = (await screen.findAllByRole('checkbox', { name: /^Select (?!all rows)/ }))[0]!
    await user.click(box)
    await user.click(screen.getByRole('button', { name: 'Refresh selected…' }))
    const dialog = await screen.findByRole('dialog')
    const confirm = await within(dialog).findByRole('button', { name: 'Queue 0 refreshes' })
    expect(confirm).toBeDisabled()
    expect(confirm).toHaveAccessibleDescription(/Nothing to send/)
    expect(dialog).toHaveTextContent(/1 · nothing in scope to refresh/)
  })

  it.each([
    {
      who: 'a viewer',
      session: viewer,
      reason: /vera with the viewer role: only operators can refresh/,
    },
    {
      who: 'a read-only console',
      session: { ...operator, readOnly: true },
      reason: /Read-only console: refreshes are turned off/,
    },
  ])('offers $who no choice, and says why', async ({ session, reason }) => {
    const requests = recordBulkRequests()
    const { user } = renderFleet({ health: 'failing' }, session)
    const box = await screen.findByRole('checkbox', { name: `Select ${SEED.failing.name}` })
    expect(box).toBeDisabled()
    await user.click(box)
    expect(screen.getByRole('group', { name: 'Bulk refresh' })).toHaveTextContent(reason)
    expect(screen.queryByRole('button', { name: 'Refresh selected…' })).not.toBeInTheDocument()
    expect(requests).toHaveLength(0)
  })
})
