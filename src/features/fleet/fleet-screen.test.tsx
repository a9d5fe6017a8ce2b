import { screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { FleetSearch } from '../../api/fleet-schemas'
import { SEED } from '../../mocks/seed'
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

  it('sends a changed filter up, to go in the URL from page 1', async () => {
    const { user, onSearchChange } = renderFleet({ page: 2 })
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Health' }), 'failing')
    expect(onSearchChange).toHaveBeenCalledWith({ health: 'failing', page: undefined })
  })
})
