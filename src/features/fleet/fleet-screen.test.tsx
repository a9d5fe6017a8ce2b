import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import type { FleetSearch } from '../../api/fleet-schemas'
import { server } from '../../mocks/node'
import { SEED } from '../../mocks/seed'
import { fleetAnswer } from '../../test/fleet-answers'
import { renderScreen } from '../../test/render-screen'
import { FleetScreen } from './fleet-screen'

function renderFleet(search: FleetSearch = {}) {
  const onSearchChange = vi.fn()
  return {
    ...renderScreen(<FleetScreen search={search} onSearchChange={onSearchChange} />),
    onSearchChange,
  }
}

describe('FleetScreen', () => {
  it('counts companies per health and lists the worst first, with what is wrong', async () => {
    renderFleet()
    const tiles = await screen.findByRole('navigation', { name: 'Companies by health' })
    expect(within(tiles).getByRole('link', { name: /All companies/ })).toHaveTextContent('13')
    const table = screen.getByRole('table', { name: 'Fleet companies' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent('Needs relink')
    const northwind = within(table).getByRole('link', { name: SEED.failing.name }).closest('tr')
    expect(northwind).toHaveTextContent(
      /invoices: FetchError, failed once, on \d{1,2} \w{3} \d{4}, \d\d:\d\d/,
    )
    expect(northwind).toHaveTextContent('Failing')
    expect(screen.getByText(/Webhooks: not configured/)).toBeInTheDocument()
  })

  it('says in the row why a company with a connection pending authorisation needs a relink', async () => {
    renderFleet({ health: 'needs_relink' })
    const table = await screen.findByRole('table', { name: 'Fleet companies' })
    const row = (
      await within(table).findByRole('link', { name: SEED.multiConnection.name })
    ).closest('tr')
    expect(row).toHaveTextContent('Needs relink')
    expect(row).toHaveTextContent('Shopify connection: pending authorisation — relink')
    const cobalt = within(table).getByRole('link', { name: SEED.deauthorized.name }).closest('tr')
    expect(cobalt).toHaveTextContent('Xero connection: deauthorised — relink')
  })

  it('lets the demo visitor start a scan and shows it running', async () => {
    const { user } = renderFleet()
    const button = await screen.findByRole('button', { name: 'Scan now' })
    await vi.waitFor(() => expect(button).toBeEnabled())
    await user.click(button)
    expect(await screen.findByRole('progressbar', { name: 'Scan progress' })).toBeInTheDocument()
    expect(screen.getByText(/Scanning: \d+ of 13 companies/)).toBeInTheDocument()
  })

  it('says when a webhook delivery was last accepted, and how many were refused in the last hour and why', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
    const answer = fleetAnswer({
      scan: {
        lastCompletedAt: ago(600_000),
        webhooks: {
          configured: true,
          lastEventAt: ago(150_000),
          refused: {
            lastHour: 1207,
            lastAt: ago(70_000),
            byReason: [
              { reason: 'signature', count: 1200 },
              { reason: 'stale', count: 5 },
              { reason: 'headers', count: 1 },
              { reason: 'tarpit', count: 1 },
            ],
          },
        },
      },
    })
    server.use(http.get('/api/fleet', () => HttpResponse.json(answer)))
    renderFleet()
    expect(
      await screen.findByText('Webhooks: last delivery accepted 2 minutes ago'),
    ).toBeInTheDocument()
    expect(screen.getByText(/refused in the last hour/)).toHaveTextContent(
      '1,207 refused in the last hour (last 1 minute ago): ' +
        '1,200 signature matches none of the secrets in CODAT_WEBHOOK_SECRET ' +
        "(a different endpoint's secret, or a changed body); " +
        '5 timestamp more than 5 minutes off; 1 signature headers missing or malformed; ' +
        '1 unknown: tarpit',
    )
  })

  it('says when the last scan was partial, and which company was only partly read', async () => {
    const answer = fleetAnswer({
      scan: {
        lastCompletedAt: new Date(Date.now() - 600_000).toISOString(),
        lastScanPartial: "Codat's list ended at 5 of the 8 companies it counts",
      },
      companies: [
        {
          id: SEED.healthy.id,
          name: SEED.healthy.name,
          health: 'healthy',
          platforms: ['Xero'],
          oldestLastSuccessfulSync: null,
          readAt: new Date().toISOString(),
          problems: [],
          readProblem: "Codat's connection pages repeat after 99 connections",
        },
      ],
    })
    server.use(http.get('/api/fleet', () => HttpResponse.json(answer)))
    renderFleet()
    expect(
      await screen.findByText(
        "That scan was partial (Codat's list ended at 5 of the 8 companies it counts), so no company was removed",
      ),
    ).toBeInTheDocument()
    const row = screen.getByRole('link', { name: SEED.healthy.name }).closest('tr')
    expect(row).toHaveTextContent(
      "Only partly read: Codat's connection pages repeat after 99 connections",
    )
    expect(row).not.toHaveTextContent('None')
  })

  it('sends a changed filter up, to go in the URL from page 1', async () => {
    const { user, onSearchChange } = renderFleet({ page: 2 })
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Health' }), 'failing')
    expect(onSearchChange).toHaveBeenCalledWith({ health: 'failing', page: undefined })
  })
})
