import { screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { companyKeys } from '../../api/companies.ts'
import { world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { OTHER_COMPANY_IDS } from '../../mocks/seed-cast.ts'
import { CompanyHeader } from './company-header.tsx'
import { parseRecentCompanies, RECENT_COMPANIES_KEY } from './recent-companies.ts'
import { renderScreen } from '../../test/render-screen.tsx'

function linkUrlOf(companyId: string, connectionId: string) {
  const company = world.company(companyId)
  const connection = company && world.connectionsJson(company).find((c) => c.id === connectionId)
  if (!connection) throw new Error(`no seeded connection ${connectionId}`)
  return connection.linkUrl
}

beforeEach(() => localStorage.clear())

describe('CompanyHeader', () => {
  it('names the company, offers its ID to copy and lists its connections', async () => {
    renderScreen(<CompanyHeader companyId={SEED.healthy.id} />)
    expect(
      await screen.findByRole('heading', { level: 1, name: SEED.healthy.name }),
    ).toBeInTheDocument()
    expect(screen.getByText(SEED.healthy.id)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy company ID' })).toBeInTheDocument()

    const table = await screen.findByRole('table', { name: 'Connections' })
    const [, row] = within(table).getAllByRole('row')
    expect(row).toBeDefined()
    const cells = within(row as HTMLElement)
    expect(cells.getByRole('rowheader')).toHaveTextContent('Xero')
    expect(cells.getByText('Accounting')).toBeInTheDocument()
    expect(cells.getByText('Linked')).toBeInTheDocument()
    expect(cells.getByText(/ago$/)).toBeInTheDocument()
    // Nothing for the business to do.
    expect(screen.queryByRole('link', { name: /Link URL/ })).not.toBeInTheDocument()
  })

  it('flags a deauthorized connection in words and offers its Link URL', async () => {
    renderScreen(<CompanyHeader companyId={SEED.deauthorized.id} />)
    await screen.findByRole('heading', { level: 1, name: SEED.deauthorized.name })
    const table = await screen.findByRole('table', { name: 'Connections' })
    expect(within(table).getByText('Deauthorized')).toBeInTheDocument()
    expect(screen.getByText('Xero access was lost (Deauthorized)')).toBeInTheDocument()
    expect(
      screen.getByText(/nothing new can be fetched from Xero until the business relinks/),
    ).toBeInTheDocument()
    expect(
      screen.getByRole('link', { name: 'Link URL for Xero (opens in a new tab)' }),
    ).toHaveAttribute('href', linkUrlOf(SEED.deauthorized.id, SEED.deauthorized.connectionId))
    expect(screen.getByRole('button', { name: 'Copy Link URL for Xero' })).toBeInTheDocument()
  })

  it('says a Linked connection needs a relink when Codat was refused its last pulls', async () => {
    renderScreen(<CompanyHeader companyId={OTHER_COMPANY_IDS.silverBirchYoga} />)
    const sentence =
      'Linked, but Codat’s last pulls of bills, customers and suppliers failed with AuthError: relink Xero'
    expect(await screen.findByText(sentence)).toBeInTheDocument()
    const table = screen.getByRole('table', { name: 'Connections' })
    const xero = within(table).getByRole('row', { name: /Xero/ })
    expect(within(xero).getByText('Linked')).toBeInTheDocument()
    expect(within(xero).getByText('Pulls refused')).toBeInTheDocument()
    // Square reads commerce types, none refused: nothing to do there.
    expect(within(table).getByRole('row', { name: /Square/ })).not.toHaveTextContent('refused')
    expect(
      screen.getByRole('link', { name: 'Link URL for Xero (opens in a new tab)' }),
    ).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: /Link URL for Square/ })).not.toBeInTheDocument()
  })

  it('flags only the connection still waiting for authorisation', async () => {
    renderScreen(<CompanyHeader companyId={SEED.multiConnection.id} />)
    await screen.findByRole('heading', { level: 1, name: SEED.multiConnection.name })
    const table = await screen.findByRole('table', { name: 'Connections' })
    const rows = within(table).getAllByRole('row')
    expect(rows).toHaveLength(4)
    expect(screen.getByText('Pending authorisation')).toBeInTheDocument()
    expect(screen.getByText('Shopify was never finished linking (PendingAuth)')).toBeInTheDocument()
    const links = screen.getAllByRole('link', { name: /^Link URL for/ })
    expect(links).toHaveLength(1)
    expect(links[0]).toHaveAttribute(
      'href',
      linkUrlOf(SEED.multiConnection.id, SEED.multiConnection.commerceConnectionId),
    )
  })

  it('lists the connections from their own endpoint when the company answer leaves them out', async () => {
    world.setOptions({ omitDataConnections: true })
    renderScreen(<CompanyHeader companyId={SEED.deauthorized.id} />)
    await screen.findByRole('heading', { level: 1, name: SEED.deauthorized.name })
    const table = await screen.findByRole('table', { name: 'Connections' })
    expect(within(table).getByText('Deauthorized')).toBeInTheDocument()
    expect(screen.getByText('Xero access was lost (Deauthorized)')).toBeInTheDocument()
    expect(screen.queryByText(/has no connections/)).not.toBeInTheDocument()
  })

  it('says when the connections cannot be read, keeps the company, and retries', async () => {
    world.setFault({ mode: 'unavailable', pathPattern: '/connections$', remaining: 1 })
    const { user } = renderScreen(<CompanyHeader companyId={SEED.healthy.id} />)
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Could not load the company’s connections: Codat error (503)')
    expect(screen.getByRole('heading', { level: 1, name: SEED.healthy.name })).toBeInTheDocument()
    expect(screen.queryByText(/has no connections/)).not.toBeInTheDocument()
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('table', { name: 'Connections' })).toBeInTheDocument()
  })

  it('keeps the company on screen when a later re-read fails, with a banner and a retry', async () => {
    const { client, user } = renderScreen(<CompanyHeader companyId={SEED.healthy.id} />)
    await screen.findByRole('heading', { level: 1, name: SEED.healthy.name })
    world.setFault({ mode: 'server-error', pathPattern: `^/companies/${SEED.healthy.id}$` })
    await client.refetchQueries({ queryKey: companyKeys.detail(SEED.healthy.id), exact: true })

    const banner = await screen.findByRole('alert')
    expect(banner).toHaveTextContent('Could not update the company: Codat error (500)')
    expect(banner).toHaveTextContent('may be out of date')
    expect(screen.getByRole('heading', { level: 1, name: SEED.healthy.name })).toBeInTheDocument()
    expect(screen.getByRole('table', { name: 'Connections' })).toBeInTheDocument()

    world.setFault({ mode: 'none' })
    await user.click(within(banner).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
    expect(screen.getByRole('heading', { level: 1, name: SEED.healthy.name })).toBeInTheDocument()
  })

  it('remembers the company as recently opened', async () => {
    renderScreen(<CompanyHeader companyId={SEED.failing.id} />)
    await screen.findByRole('heading', { level: 1, name: SEED.failing.name })
    const recent = parseRecentCompanies(localStorage.getItem(RECENT_COMPANIES_KEY))
    expect(recent.map(({ id, name }) => ({ id, name }))).toEqual([
      { id: SEED.failing.id, name: SEED.failing.name },
    ])
  })

  it('explains a company that does not exist', async () => {
    renderScreen(<CompanyHeader companyId="00000000-0000-4000-8000-000000000000" />)
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the company: not found (404)',
    )
  })
})
