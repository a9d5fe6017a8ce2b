import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { SEED } from '../../mocks/seed.ts'
import { server, world } from '../../mocks/node.ts'
import { DataStatusPanel } from './data-status-panel.tsx'
import { renderScreen } from '../../test/render-screen.tsx'

function seededStatus(companyId: string) {
  const company = world.company(companyId)
  if (!company) throw new Error(`no seeded company ${companyId}`)
  return world.dataStatus(company)
}

async function rowFor(dataType: string) {
  const grid = await screen.findByRole('table', { name: 'Data status by data type' })
  const header = within(grid).getByRole('rowheader', { name: dataType })
  const row = header.closest('tr')
  if (!row) throw new Error(`no row for ${dataType}`)
  return within(row)
}

describe('DataStatusPanel', () => {
  it('shows one row per data type with its status and last successful sync', async () => {
    renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    expect(invoices.getByText('Complete')).toBeInTheDocument()
    const lastSync = invoices.getByText(/ago$/)
    expect(lastSync.tagName).toBe('TIME')
    // The absolute time, with its zone, is on hover.
    expect(lastSync).toHaveAttribute('title', expect.stringMatching(/\d{2}:\d{2}:\d{2} (UTC|GMT)/))
    expect(invoices.getByRole('link', { name: 'Latest pull of invoices' })).toBeInTheDocument()
    expect(invoices.getByRole('button', { name: 'Refresh invoices' })).not.toHaveAttribute(
      'aria-disabled',
    )

    const statuses = Object.keys(seededStatus(SEED.healthy.id))
    expect(screen.getAllByRole('rowheader')).toHaveLength(statuses.length)
    const summary = screen.getByRole('list', { name: 'Data types by status' })
    expect(summary).toHaveTextContent(`${statuses.length} data types:`)
    expect(summary).toHaveTextContent(`${statuses.length} complete`)
    expect(screen.getByText(/^Last updated/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Reload' })).toBeEnabled()
  })

  it('says "never synced" for data types that never synced', async () => {
    renderScreen(<DataStatusPanel companyId={SEED.neverSynced.id} />)
    const invoices = await rowFor('invoices')
    expect(invoices.getByText('Never synced')).toBeInTheDocument()
    expect(invoices.getByText('never synced')).toBeInTheDocument()
    expect(invoices.getByText('No pull yet')).toBeInTheDocument()
    expect(screen.getByRole('list', { name: 'Data types by status' })).toHaveTextContent(
      /\d+ never synced/,
    )
  })

  it('links to both pulls when the latest attempt failed after a success', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.failing.id} />)
    const expected = seededStatus(SEED.failing.id).invoices
    expect(expected?.latestSyncId).toBeDefined()
    expect(expected?.latestSyncId).not.toBe(expected?.latestSuccessfulSyncId)

    const invoices = await rowFor('invoices')
    expect(invoices.getByText('FetchError')).toBeInTheDocument()
    expect(invoices.getByText('Latest attempt failed')).toBeInTheDocument()
    const failed = invoices.getByRole('link', { name: 'Failed pull of invoices' })
    const success = invoices.getByRole('link', { name: 'Last successful pull of invoices' })
    expect(failed).toHaveAttribute(
      'href',
      `/companies/${SEED.failing.id}/operations/${expected?.latestSyncId}`,
    )
    expect(success).toHaveAttribute(
      'href',
      `/companies/${SEED.failing.id}/operations/${expected?.latestSuccessfulSyncId}`,
    )

    // A type whose only sync failed has nothing successful to link to.
    const tracking = await rowFor(SEED.failing.firstSyncFailedType)
    expect(tracking.getByText('Latest attempt failed')).toBeInTheDocument()
    expect(tracking.getByText('never synced')).toBeInTheDocument()
    expect(tracking.queryByRole('link', { name: /Last successful pull/ })).not.toBeInTheDocument()

    await user.click(failed)
    expect(
      await screen.findByRole('heading', { name: `Pull operation ${expected?.latestSyncId}` }),
    ).toBeInTheDocument()
  })

  it('follows a running data type until it finishes', async () => {
    renderScreen(<DataStatusPanel companyId={SEED.multiConnection.id} />)
    const running = await rowFor(SEED.multiConnection.inFlightType)
    expect(running.getByTitle('In progress')).toBeInTheDocument()
    expect(
      running.getByRole('button', { name: `Refresh ${SEED.multiConnection.inFlightType}` }),
    ).toHaveAttribute('aria-disabled', 'true')
    expect(screen.getByText(/1 running: checking every few seconds/)).toBeInTheDocument()

    world.advance(60_000)
    // Picked up by the next poll, with no click.
    await waitFor(() => expect(running.getByText('Complete')).toBeInTheDocument(), {
      timeout: 5000,
    })
    expect(
      running.getByRole('button', { name: `Refresh ${SEED.multiConnection.inFlightType}` }),
    ).not.toHaveAttribute('aria-disabled')
    expect(screen.queryByText(/running: checking every few seconds/)).not.toBeInTheDocument()
  })

  it('keeps the grid and offers a retry when a background update fails', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    await rowFor('invoices')
    world.setFault({ mode: 'server-error', pathPattern: '/dataStatus$' })
    await user.click(screen.getByRole('button', { name: 'Reload' }))

    const banner = await screen.findByRole('alert')
    expect(banner).toHaveTextContent('Could not update data status: Codat error (500)')
    expect(banner).toHaveTextContent('may be out of date')
    expect(screen.getByRole('rowheader', { name: 'invoices' })).toBeInTheDocument()

    world.setFault({ mode: 'none' })
    await user.click(within(banner).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
    expect(screen.getByRole('rowheader', { name: 'invoices' })).toBeInTheDocument()
  })

  it('explains a first load that fails, with a retry', async () => {
    world.setFault({ mode: 'unavailable', pathPattern: '/dataStatus$', remaining: 1 })
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load data status: Codat error (503)')
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect((await rowFor('invoices')).getByText('Complete')).toBeInTheDocument()
  })

  it('says a read was queued behind other requests, without blaming Codat or blocking refresh', async () => {
    server.use(
      http.get('/api/companies/:companyId/dataStatus', () =>
        HttpResponse.json(
          {
            statusCode: 503,
            service: 'ConsoleProxy',
            error: 'Queued behind other requests: you already have 4 calls to Codat in flight',
            correlationId: 'console-503',
            queuedMs: 0,
          },
          { status: 503, headers: { 'X-Console-Queued-Ms': '0', 'Retry-After': '2' } },
        ),
      ),
    )
    renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent(
      'Could not load data status: queued behind other requests (503)',
    )
    expect(alert).toHaveTextContent("Request ID (in the console's log): console-503")
    expect(screen.queryByText(/rate limit was reached/)).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refresh all' })).not.toHaveAttribute(
      'aria-disabled',
      'true',
    )
  })

  it('disables every refresh and says why when refreshing is not allowed', async () => {
    const reason = 'Your role (viewer) cannot refresh'
    renderScreen(<DataStatusPanel companyId={SEED.healthy.id} refreshBlockedReason={reason} />)
    await rowFor('invoices')
    expect(screen.getByText(reason)).toBeInTheDocument()
    const buttons = screen.getAllByRole('button', { name: /^Refresh/ })
    expect(buttons.length).toBeGreaterThan(1)
    for (const button of buttons) {
      expect(button).toHaveAttribute('aria-disabled', 'true')
      expect(button).toHaveAccessibleDescription(`Refresh unavailable. ${reason}`)
    }
  })

  it('does not offer a refresh when no connection is linked', async () => {
    renderScreen(<DataStatusPanel companyId={SEED.deauthorized.id} />)
    const invoices = await rowFor('invoices')
    expect(invoices.getByText('AuthError')).toBeInTheDocument()
    await waitFor(() =>
      expect(invoices.getByRole('button', { name: 'Refresh invoices' })).toHaveAttribute(
        'aria-disabled',
        'true',
      ),
    )
    expect(screen.getByText(/No linked connection: Codat cannot read new data/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refresh all' })).toHaveAttribute(
      'aria-disabled',
      'true',
    )
  })

  it('finds the connections on their own endpoint when the company answer leaves them out', async () => {
    world.setOptions({ omitDataConnections: true })
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.multiConnection.id} />)
    const invoices = await rowFor('invoices')
    const button = invoices.getByRole('button', { name: 'Refresh invoices' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    expect(screen.queryByText(/Refresh unavailable/)).not.toBeInTheDocument()
    await user.click(button)
    const dialog = screen.getByRole('dialog', { name: 'Refresh invoices from which connection?' })
    expect(
      within(dialog)
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')?.textContent?.split(':')[0]),
    ).toEqual(['QuickBooks Online (Accounting)', 'Plaid (Banking)', 'Shopify (Commerce)'])
  })

  it('still sees that no connection is linked when the company answer leaves them out', async () => {
    world.setOptions({ omitDataConnections: true })
    renderScreen(<DataStatusPanel companyId={SEED.deauthorized.id} />)
    await rowFor('invoices')
    expect(
      await screen.findByText(/No linked connection: Codat cannot read new data/),
    ).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refresh all' })).toHaveAttribute(
      'aria-disabled',
      'true',
    )
  })

  it('says it is checking the connections, without disabling refresh on a guess', async () => {
    world.setFault({ mode: 'slow', pathPattern: '/connections$', delayMs: 1500, remaining: 1 })
    renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    expect(screen.getByRole('status')).toHaveTextContent('Checking this company’s connections…')
    expect(invoices.getByRole('button', { name: 'Refresh invoices' })).not.toHaveAttribute(
      'aria-disabled',
    )
    expect(screen.getByRole('button', { name: 'Refresh all' })).not.toHaveAttribute('aria-disabled')
    await waitFor(
      () =>
        expect(screen.queryByText(/Checking this company’s connections/)).not.toBeInTheDocument(),
      { timeout: 4000 },
    )
  })

  it('keeps refresh possible when the connections cannot be read, and retries', async () => {
    world.setFault({ mode: 'server-error', pathPattern: '/connections$' })
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not read this company’s connections: Codat error (500)')
    expect(alert).toHaveTextContent('Codat chooses the connection for each data type')

    await user.click(invoices.getByRole('button', { name: 'Refresh invoices' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Refresh of invoices queued')
    const queued = world.operations(SEED.healthy.id).find((op) => op.status === 'Queued')
    expect(queued?.dataType).toBe('invoices')

    world.setFault({ mode: 'none' })
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    await waitFor(() =>
      expect(
        screen.queryByText(/Could not read this company’s connections/),
      ).not.toBeInTheDocument(),
    )
  })

  it('marks a last sync Codat sent without a zone, in the grid and in "Why?"', async () => {
    const status = seededStatus(SEED.healthy.id)
    const invoicesStatus = status.invoices
    if (!invoicesStatus?.lastSuccessfulSync) throw new Error('the seed has no invoices sync')
    server.use(
      http.get('/api/companies/:companyId/dataStatus', () =>
        HttpResponse.json({
          ...status,
          invoices: {
            ...invoicesStatus,
            lastSuccessfulSync: invoicesStatus.lastSuccessfulSync?.slice(0, 19),
          },
        }),
      ),
    )
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    expect(invoices.getByRole('img', { name: 'No zone given; read as UTC' })).toBeVisible()
    expect((await rowFor('bills')).queryByRole('img', { name: /no zone/i })).toBeNull()
    await user.click(invoices.getByRole('button', { name: 'Why? invoices' }))
    const facts = await screen.findByRole('list', { name: 'Facts' })
    expect(facts).toHaveTextContent('(no zone given, shown as UTC)')
    expect(facts).toHaveTextContent(/without a zone/)
  })
})
