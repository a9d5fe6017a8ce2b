import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { server, world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { DataStatusPanel } from './data-status-panel.tsx'
import { renderScreen } from '../../test/render-screen.tsx'

/** Refresh requests that reached the simulated Codat, in order. */
function recordRefreshes() {
  const sent: URL[] = []
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url)
    if (request.method === 'POST' && /\/data\/(queue\/|all$)/.test(url.pathname)) sent.push(url)
  })
  return sent
}

afterEach(() => server.events.removeAllListeners())

async function rowFor(dataType: string) {
  const header = await screen.findByRole('rowheader', { name: dataType })
  return within(header.closest('tr') as HTMLElement)
}

function company(id: string) {
  const found = world.company(id)
  if (!found) throw new Error(`no seeded company ${id}`)
  return found
}

describe('refreshing one data type', () => {
  it('queues it once, links the new pull operation and shows it running', async () => {
    const sent = recordRefreshes()
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    const button = invoices.getByRole('button', { name: 'Refresh invoices' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    await user.dblClick(button)

    const feedback = await screen.findByRole('status')
    expect(feedback).toHaveTextContent(
      'Refresh of invoices queued on Xero (Accounting): now Queued',
    )
    const operationId = world.operations(SEED.healthy.id).find((op) => op.status === 'Queued')?.id
    expect(operationId).toBeDefined()
    expect(within(feedback).getByRole('link', { name: 'see the pull' })).toHaveAttribute(
      'href',
      `/companies/${SEED.healthy.id}/operations/${operationId}`,
    )
    expect(invoices.getByTitle('In progress')).toHaveTextContent('Queued')
    expect(button).toHaveAttribute('aria-disabled', 'true')
    // Keyboard focus stays on the button that was used.
    expect(button).toHaveFocus()
    expect(sent).toHaveLength(1)
    expect(sent[0]?.pathname).toBe(`/api/companies/${SEED.healthy.id}/data/queue/invoices`)
    expect(sent[0]?.searchParams.get('connectionId')).toBe(SEED.healthy.connectionId)
  })

  it('explains in plain words when Codat says the type is already running', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const bills = await rowFor('bills')
    const button = bills.getByRole('button', { name: 'Refresh bills' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    // Someone else queued it after this screen loaded.
    const queued = world.queue(company(SEED.healthy.id), 'bills')
    if (queued.kind !== 'queued') throw new Error('could not queue bills')

    await user.click(button)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('bills is already being refreshed.')
    expect(alert).toHaveTextContent('Codat runs one pull at a time per data type')
    expect(
      within(alert).getByRole('link', { name: 'See the pull operation that is running' }),
    ).toHaveAttribute('href', `/companies/${SEED.healthy.id}/operations/${queued.operation.id}`)
    // The grid catches up with the run it did not know about.
    await waitFor(() => expect(bills.getByTitle('In progress')).toBeInTheDocument())
    expect(button).toHaveAttribute('aria-disabled', 'true')
  })

  it('explains a 429, names when to retry and blocks refreshes until then', async () => {
    world.setFault({
      mode: 'rate-limit',
      pathPattern: '/data/queue/',
      retryAfterSeconds: 2,
      remaining: 1,
    })
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    await waitFor(() =>
      expect(invoices.getByRole('button', { name: 'Refresh invoices' })).not.toHaveAttribute(
        'aria-disabled',
      ),
    )
    await user.click(invoices.getByRole('button', { name: 'Refresh invoices' }))

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent("Codat's rate limit was reached (429): invoices not refreshed.")
    expect(alert).toHaveTextContent(
      /Codat accepts a retry after \d{2}:\d{2}:\d{2} \S+ \(in [12] s\)/,
    )
    for (const button of screen.getAllByRole('button', { name: /^Refresh/ })) {
      expect(button).toHaveAttribute('aria-disabled', 'true')
    }
    // The explanation is what the disabled buttons point to.
    expect(invoices.getByRole('button', { name: 'Refresh invoices' })).toHaveAccessibleDescription(
      expect.stringContaining('Codat accepts a retry after'),
    )

    await waitFor(
      () =>
        expect(invoices.getByRole('button', { name: 'Refresh invoices' })).not.toHaveAttribute(
          'aria-disabled',
        ),
      { timeout: 4000 },
    )
    expect(alert).toHaveTextContent('The wait Codat asked for is over')
  })

  it('keeps the grid and blocks refreshes until a long Retry-After on a reload has passed', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    await waitFor(() =>
      expect(invoices.getByRole('button', { name: 'Refresh invoices' })).not.toHaveAttribute(
        'aria-disabled',
      ),
    )
    // The daily quota is spent: Codat asks for an hour, longer than the client waits by itself.
    world.setFault({ mode: 'rate-limit', pathPattern: '/dataStatus', retryAfterSeconds: 3600 })
    await user.click(screen.getByRole('button', { name: 'Reload' }))

    const banner = await screen.findByRole('alert')
    expect(banner).toHaveTextContent('Could not update data status: rate limited (429)')
    expect(banner).toHaveTextContent('The grid shows the last data loaded')
    // A time of day, not "3599 s", and nothing to press until then.
    const retry = within(banner).getByRole('button', { name: /^Retry after \d{2}:\d{2} \S+$/ })
    expect(retry).toBeDisabled()
    // The last data loaded stays on screen, not a blank grid.
    expect((await rowFor('invoices')).getByText('Complete')).toBeInTheDocument()
    for (const button of screen.getAllByRole('button', { name: /^Refresh/ })) {
      expect(button).toHaveAttribute('aria-disabled', 'true')
    }
    expect(invoices.getByRole('button', { name: 'Refresh invoices' })).toHaveAccessibleDescription(
      expect.stringMatching(/refreshing is possible again after \d{2}:\d{2}:\d{2}/),
    )
  })

  it('asks which linked connection to use when there are several', async () => {
    const sent = recordRefreshes()
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.multiConnection.id} />)
    const invoices = await rowFor('invoices')
    const button = invoices.getByRole('button', { name: 'Refresh invoices' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))

    await user.click(button)
    let dialog = screen.getByRole('dialog', { name: 'Refresh invoices from which connection?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(button).toHaveFocus()
    expect(sent).toHaveLength(0)

    await user.click(button)
    dialog = screen.getByRole('dialog', { name: 'Refresh invoices from which connection?' })
    const radios = within(dialog).getAllByRole('radio')
    // The Shopify connection is still PendingAuth: nothing can be read from it.
    expect(radios.map((radio) => radio.closest('label')?.textContent)).toEqual([
      'QuickBooks Online (Accounting)',
      'Plaid (Banking): unlikely to work: invoices comes from Accounting platforms, and this is a Banking one',
      'Shopify (Commerce): not linked yet: the business never finished authorising it',
    ])
    expect(within(dialog).getByRole('radio', { name: /^Shopify/ })).toBeDisabled()
    expect(
      within(dialog).getByRole('radio', { name: 'QuickBooks Online (Accounting)' }),
    ).toBeChecked()
    await user.click(within(dialog).getByRole('radio', { name: /^Plaid \(Banking\)/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Refresh invoices' }))

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Refresh of invoices queued on Plaid (Banking): now',
    )
    expect(sent).toHaveLength(1)
    expect(sent[0]?.searchParams.get('connectionId')).toBe(SEED.multiConnection.bankingConnectionId)
  })

  it('suggests the banking connection for a banking data type', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.multiConnection.id} />)
    const accounts = await rowFor('banking-accounts')
    const button = accounts.getByRole('button', { name: 'Refresh banking-accounts' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    await user.click(button)
    const dialog = screen.getByRole('dialog', {
      name: 'Refresh banking-accounts from which connection?',
    })
    expect(within(dialog).getByRole('radio', { name: /^Plaid \(Banking\)/ })).toBeChecked()
  })
})

describe('refreshing all data types', () => {
  it('confirms first, naming the types already running, then queues the company once', async () => {
    const sent = recordRefreshes()
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.multiConnection.id} />)
    await rowFor(SEED.multiConnection.inFlightType)
    const refreshAll = screen.getByRole('button', { name: 'Refresh all' })
    await waitFor(() => expect(refreshAll).not.toHaveAttribute('aria-disabled'))

    await user.click(refreshAll)
    const dialog = screen.getByRole('dialog', { name: 'Refresh all data types?' })
    expect(dialog).toHaveTextContent('Already in progress, so Codat will not queue them again (1)')
    expect(within(dialog).getByRole('listitem')).toHaveTextContent(
      SEED.multiConnection.inFlightType,
    )
    await user.dblClick(within(dialog).getByRole('button', { name: 'Refresh all' }))

    const feedback = await screen.findByRole('status')
    expect(feedback).toHaveTextContent(/Refresh of all data types requested/)
    expect(feedback).toHaveTextContent(
      `Already running, so not queued again: ${SEED.multiConnection.inFlightType}.`,
    )
    expect(sent.map((url) => url.pathname)).toEqual([
      `/api/companies/${SEED.multiConnection.id}/data/all`,
    ])
    const invoices = await rowFor('invoices')
    expect(invoices.getByTitle('In progress')).toBeInTheDocument()
    expect(invoices.getByRole('button', { name: 'Refresh invoices' })).toHaveAttribute(
      'aria-disabled',
      'true',
    )
  })

  it('sends nothing when the dialog is cancelled', async () => {
    const sent = recordRefreshes()
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    await rowFor('invoices')
    const refreshAll = screen.getByRole('button', { name: 'Refresh all' })
    await waitFor(() => expect(refreshAll).not.toHaveAttribute('aria-disabled'))
    await user.click(refreshAll)
    const dialog = screen.getByRole('dialog', { name: 'Refresh all data types?' })
    expect(dialog).toHaveTextContent('No data type is running right now')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(refreshAll).toHaveFocus()
    expect(sent).toHaveLength(0)
  })
})
