import { screen, waitFor, within } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { companyKeys } from '../../api/companies.ts'
import { server, world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { CompanyPicker, PAGE_SIZE } from './company-picker.tsx'
import { CompanySearchBox } from './company-search-box.tsx'
import { RECENT_COMPANIES_KEY } from './recent-companies.ts'
import { renderScreen } from '../../test/render-screen.tsx'

/** The home route's part: the one search box above the list, search and page held in state. */
function Picker() {
  const [search, setSearch] = useState('')
  const [page, setPage] = useState(1)
  const [opened, setOpened] = useState<string | undefined>(undefined)
  return (
    <>
      <CompanySearchBox
        search={search}
        onSearchChange={(text) => {
          setSearch(text)
          setPage(1)
        }}
        onOpenCompany={setOpened}
      />
      <CompanyPicker search={search} page={page} onPageChange={setPage} />
      {opened && <p>Opening {opened}</p>}
    </>
  )
}

function recordCompanyQueries() {
  const queries: (string | null)[] = []
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url)
    if (url.pathname === '/api/companies') queries.push(url.searchParams.get('query'))
  })
  return queries
}

beforeEach(() => localStorage.clear())
afterEach(() => server.events.removeAllListeners())

describe('searching by name', () => {
  it('finds companies whose name contains the text and opens one', async () => {
    const queries = recordCompanyQueries()
    const { user } = renderScreen(<Picker />)
    await screen.findByRole('table', { name: 'Companies' })
    await user.type(screen.getByRole('searchbox', { name: 'Search companies' }), 'BAKERY')

    await waitFor(() =>
      expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([
        SEED.healthy.name,
      ]),
    )
    expect(screen.getByText('1 company matching “BAKERY”')).toBeInTheDocument()
    expect(queries.at(-1)).toBe('name~BAKERY')

    await user.click(screen.getByRole('link', { name: SEED.healthy.name }))
    expect(
      await screen.findByRole('heading', { name: `Company ${SEED.healthy.id}` }),
    ).toBeInTheDocument()
  })

  it('names each company’s connections, flagging those that are not linked', async () => {
    renderScreen(<Picker />)
    const table = await screen.findByRole('table', { name: 'Companies' })
    const name = within(table).getByRole('rowheader', { name: SEED.multiConnection.name })
    expect(name.closest('tr')).toHaveTextContent('QuickBooks Online, Plaid, Shopify (PendingAuth)')
  })

  it('drops the column, never saying "none", when Codat’s answer leaves the connections out', async () => {
    world.setOptions({ omitDataConnections: true })
    renderScreen(<Picker />)
    const table = await screen.findByRole('table', { name: 'Companies' })
    expect(within(table).queryByRole('columnheader', { name: 'Connections' })).toBeNull()
    expect(screen.getByText(/Codat’s list leaves out each company’s connections/)).toBeVisible()
    expect(within(table).getAllByRole('rowheader')).toHaveLength(PAGE_SIZE)
    expect(table).not.toHaveTextContent(/\bnone\b/)
  })

  it('keeps the list when a later re-read fails, with a banner and a retry', async () => {
    const { client, user } = renderScreen(<Picker />)
    const table = await screen.findByRole('table', { name: 'Companies' })
    const names = within(table)
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent)
    world.setFault({ mode: 'unavailable', pathPattern: '^/companies$' })
    await client.refetchQueries({ queryKey: companyKeys.lists() })

    const banner = await screen.findByRole('alert')
    expect(banner).toHaveTextContent('Could not update the companies: Codat error (503)')
    expect(banner).toHaveTextContent('The list shows the last results loaded')
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(names)

    world.setFault({ mode: 'none' })
    await user.click(within(banner).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
    expect(within(table).getAllByRole('rowheader')).toHaveLength(names.length)
  })

  it('pages through every company', async () => {
    const total = world.companies().length
    expect(total).toBeGreaterThan(PAGE_SIZE)
    const { user } = renderScreen(<Picker />)
    await screen.findByRole('table', { name: 'Companies' })
    expect(screen.getByText(`${total} companies · showing 1–${PAGE_SIZE}`)).toBeInTheDocument()
    expect(screen.getAllByRole('rowheader')).toHaveLength(PAGE_SIZE)
    const pages = screen.getByRole('navigation', { name: 'Company pages' })
    expect(within(pages).getByRole('button', { name: 'Previous' })).toBeDisabled()

    await user.click(within(pages).getByRole('button', { name: 'Next' }))
    await waitFor(() => expect(screen.getAllByRole('rowheader')).toHaveLength(total - PAGE_SIZE))
    expect(within(pages).getByText('Page 2 of 2')).toBeInTheDocument()
    expect(within(pages).getByRole('button', { name: 'Next' })).toBeDisabled()
  })

  it('says so when nothing matches', async () => {
    const { user } = renderScreen(<Picker />)
    await user.type(
      await screen.findByRole('searchbox', { name: 'Search companies' }),
      'zeppelin{enter}',
    )
    expect(
      await screen.findByText('No company name contains every word of “zeppelin”.'),
    ).toBeInTheDocument()
  })

  it('finds every word in any order, each one sent to Codat', async () => {
    const queries = recordCompanyQueries()
    const { user } = renderScreen(<Picker />)
    await screen.findByRole('table', { name: 'Companies' })
    await user.type(screen.getByRole('searchbox', { name: 'Search companies' }), 'plumbing NORTH')
    await waitFor(() =>
      expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([
        SEED.failing.name,
      ]),
    )
    expect(queries.at(-1)).toBe('name~plumbing&&name~NORTH')
  })

  it('narrows here what Codat cannot be asked: accents and query syntax', async () => {
    const queries = recordCompanyQueries()
    const { user } = renderScreen(<Picker />)
    await screen.findByRole('table', { name: 'Companies' })
    const search = screen.getByRole('searchbox', { name: 'Search companies' })
    await user.type(search, 'nörthwind &{enter}')
    await waitFor(() =>
      expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([
        SEED.failing.name,
      ]),
    )
    expect(queries.at(-1)).toBe('name~rthwind')
    await user.clear(search)
    await user.type(search, 'a=b{enter}')
    expect(
      await screen.findByText('No company name contains every word of “a=b”.'),
    ).toBeInTheDocument()
    expect(queries.every((query) => query === null || !query.includes('='))).toBe(true)
  })

  it('opens a company whose ID or Portal link is pasted into the name box', async () => {
    const { user } = renderScreen(<Picker />)
    const search = await screen.findByRole('searchbox', { name: 'Search companies' })
    await user.click(search)
    await user.paste(`https://app.codat.io/companies/${SEED.healthy.id}/summary`)
    expect(screen.getByText(`Opening ${SEED.healthy.id}`)).toBeInTheDocument()
  })
})

describe('opening a company by ID from the search box', () => {
  it('explains, on Enter, a link that names no company and an ID with digits missing', async () => {
    const { user } = renderScreen(<Picker />)
    const input = await screen.findByRole('searchbox', { name: 'Search companies' })
    await user.type(input, 'https://app.codat.io/settings{enter}')
    expect(screen.getByRole('alert')).toHaveTextContent('That link does not name a company')
    expect(input).toHaveAttribute('aria-invalid', 'true')

    await user.clear(input)
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    await user.type(input, `${SEED.healthy.id.slice(0, 30)}{enter}`)
    expect(screen.getByRole('alert')).toHaveTextContent('it has 26 hexadecimal digits, not 32')
    expect(input).toHaveAccessibleDescription(expect.stringContaining('Company IDs are UUIDs'))
    expect(screen.queryByText(/^Opening/)).not.toBeInTheDocument()
  })

  it('keeps the explanation when the typing delay runs out after Enter', async () => {
    const { user } = renderScreen(<Picker />)
    const input = await screen.findByRole('searchbox', { name: 'Search companies' })
    await user.type(input, `${SEED.healthy.id.slice(0, 23)}{enter}`)
    expect(screen.getByRole('alert')).toHaveTextContent('hexadecimal digits, not 32')
    // Longer than the 300 ms typing delay, which then puts the text into the search.
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(screen.getByRole('alert')).toHaveTextContent('hexadecimal digits, not 32')
    expect(input).toHaveValue(SEED.healthy.id.slice(0, 23))
  })

  it('searches names for a word that is not an ID, even one with a dash', async () => {
    const { user } = renderScreen(<Picker />)
    await user.type(
      await screen.findByRole('searchbox', { name: 'Search companies' }),
      'pemberton-bakery{enter}',
    )
    expect(
      await screen.findByText('No company name contains every word of “pemberton-bakery”.'),
    ).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('opens a typed ID, whatever its case and surrounding spaces', async () => {
    const { user } = renderScreen(<Picker />)
    await user.type(
      await screen.findByRole('searchbox', { name: 'Search companies' }),
      `  ${SEED.healthy.id.toUpperCase()} `,
    )
    expect(screen.getByText(`Opening ${SEED.healthy.id}`)).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})

describe('recently opened companies', () => {
  it('lists what this browser remembers, skipping damaged entries, and can be cleared', async () => {
    localStorage.setItem(
      RECENT_COMPANIES_KEY,
      JSON.stringify([
        { id: SEED.failing.id, name: SEED.failing.name, openedAt: Date.now() - 60_000 },
        { id: 'not-a-uuid', name: 'Broken', openedAt: 1 },
        { name: 'No id' },
        'junk',
        { id: SEED.healthy.id, name: SEED.healthy.name, openedAt: Date.now() - 3_600_000 },
      ]),
    )
    const { user } = renderScreen(<Picker />)
    const recent = await screen.findByRole('region', { name: 'Recently opened' })
    expect(
      within(recent)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([SEED.failing.name, SEED.healthy.name])
    expect(within(recent).getByText('1 minute ago')).toBeInTheDocument()

    await user.click(
      within(recent).getByRole('button', { name: 'Clear recently opened companies' }),
    )
    expect(within(recent).queryByRole('link')).not.toBeInTheDocument()
    expect(within(recent).getByText(/Companies you open appear here/)).toBeInTheDocument()
    expect(localStorage.getItem(RECENT_COMPANIES_KEY)).toBeNull()
  })

  it('treats storage that is not a list as empty', async () => {
    localStorage.setItem(RECENT_COMPANIES_KEY, '{"oops":')
    renderScreen(<Picker />)
    const recent = await screen.findByRole('region', { name: 'Recently opened' })
    expect(within(recent).getByText(/Companies you open appear here/)).toBeInTheDocument()
  })
})

describe('under the Fleet', () => {
  it('lists the companies the home page’s search finds', async () => {
    renderScreen(<CompanyPicker search="bakery" page={1} onPageChange={() => {}} />)
    expect(await screen.findByText('1 company matching “bakery”')).toBeInTheDocument()
    expect(screen.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([
      SEED.healthy.name,
    ])
  })

  it('steps aside while the Fleet is filtered by what Codat’s list cannot filter by', async () => {
    renderScreen(<CompanyPicker search="bakery" page={1} isFleetNarrowed onPageChange={() => {}} />)
    expect(await screen.findByText(/The Fleet above is filtered by health/)).toBeInTheDocument()
    expect(screen.queryByRole('table', { name: 'Companies' })).toBeNull()
  })
})
