import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SEED } from '../../mocks/seed.ts'
import { DataStatusPanel } from './data-status-panel.tsx'
import { renderScreen } from '../../test/render-screen.tsx'
import { STALE_HOURS_KEY } from './use-stale-hours.ts'

afterEach(() => window.localStorage.clear())

async function openWhy(dataType: string) {
  await screen.findByRole('table', { name: 'Data status by data type' })
  return screen.getByRole('button', { name: `Why? ${dataType}` })
}

describe('Why? panel', () => {
  it('explains a failed type with its error and latest pulls, and gives focus back on close', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.failing.id} />)
    const button = await openWhy('invoices')
    expect(button).toHaveAttribute('aria-expanded', 'false')
    await user.click(button)
    expect(button).toHaveAttribute('aria-expanded', 'true')

    const panel = screen.getByRole('region', { name: 'Why: invoices' })
    expect(button).toHaveAttribute('aria-controls', panel.id)
    expect(within(panel).getByText(/^Failing: FetchError, failed once, on /)).toBeInTheDocument()
    expect(within(panel).getByText(/^Next step:/).parentElement).toHaveTextContent(
      'Refresh it; if it fails again, contact Codat support',
    )
    const facts = within(panel).getByRole('list', { name: 'Facts' })
    expect(facts).toHaveTextContent(/Last successful sync: .* ago\)/)
    expect(facts).toHaveTextContent(/Error: \S+/)
    expect(facts).toHaveTextContent(/Usual duration: .* \(median\)/)

    const recent = await within(panel).findByRole('table', { name: 'Latest pulls of invoices' })
    const rows = within(recent).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toHaveTextContent('FetchError')
    expect(within(rows[0] as HTMLElement).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringMatching(new RegExp(`^/companies/${SEED.failing.id}/operations/[0-9a-f-]{36}$`)),
    )
    expect(
      within(panel).getByRole('link', { name: 'Open the history of invoices' }),
    ).toHaveAttribute('href', `/companies/${SEED.failing.id}?tab=history&dataType=invoices`)

    await user.click(within(panel).getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('region', { name: 'Why: invoices' })).not.toBeInTheDocument()
    expect(button).toHaveFocus()
  })

  it('asks for a relink with the Link URL when the connection lost its authorisation', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.deauthorized.id} />)
    await user.click(await openWhy('invoices'))
    const panel = screen.getByRole('region', { name: 'Why: invoices' })
    expect(
      within(panel).getByText('Codat has no access to Xero: the connection is Deauthorized.'),
    ).toBeInTheDocument()
    const links = within(panel).getByRole('list', { name: 'Link URLs' })
    expect(within(links).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringContaining(`/connections/${SEED.deauthorized.connectionId}/start`),
    )
  })
})

describe('Copy for ticket', () => {
  it('copies a data type’s bundle with its diagnosis and latest pulls', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.failing.id} />)
    await user.click(await openWhy('invoices'))
    const panel = screen.getByRole('region', { name: 'Why: invoices' })
    await within(panel).findByRole('table', { name: 'Latest pulls of invoices' })
    const button = within(panel).getByRole('button', { name: 'Copy for ticket: invoices' })
    await user.click(button)
    await waitFor(() => expect(button).toHaveTextContent('Copied for ticket'))
    const text = await navigator.clipboard.readText()
    expect(text).toMatch(/^## Codat data type invoices: Northwind Plumbing & Heating\n/)
    expect(text).toContain(`(\`${SEED.failing.id}\`)`)
    expect(text).toMatch(/\*\*Failing: FetchError, failed once, on .*\*\*/)
    expect(text).toContain('### Last 5 pull operations of invoices')
    expect(text.split('\n').filter((line) => /^\| \d/.test(line))).toHaveLength(3)
  })

  it('copies the company’s bundle, reading its latest pulls first', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.failing.id} />)
    await screen.findByRole('table', { name: 'Data status by data type' })
    const button = screen.getByRole('button', { name: 'Copy for ticket: company' })
    await user.click(button)
    await waitFor(() => expect(button).toHaveTextContent('Copied for ticket'))
    const text = await navigator.clipboard.readText()
    expect(text).toMatch(/^## Codat company: Northwind Plumbing & Heating\n/)
    expect(text).toMatch(
      /\| `invoices` \| FetchError \| .* \| The latest pull failed with FetchError\. \|/,
    )
    expect(text.split('\n').filter((line) => /^\| \d/.test(line))).toHaveLength(5)
  })
})

describe('staleness in the grid', () => {
  it('marks types whose last success is older than the threshold kept in this browser', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    await screen.findByRole('table', { name: 'Data status by data type' })
    // The daily runs finished about 22 hours ago: fresh by the 24 h default.
    expect(screen.queryByText('Stale')).not.toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Stale after'), '12')
    expect(screen.getAllByText('Stale').length).toBe(screen.getAllByRole('rowheader').length)
    expect(window.localStorage.getItem(STALE_HOURS_KEY)).toBe('12')

    await user.selectOptions(screen.getByLabelText('Stale after'), '24')
    expect(screen.queryByText('Stale')).not.toBeInTheDocument()
    expect(window.localStorage.getItem(STALE_HOURS_KEY)).toBeNull()
  })

  it('shows only stale or failing types when asked', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.failing.id} />)
    await screen.findByRole('table', { name: 'Data status by data type' })
    const all = screen.getAllByRole('rowheader').length
    await user.click(screen.getByRole('checkbox', { name: 'Only stale or failing' }))
    const shown = screen.getAllByRole('rowheader').map((header) => header.textContent)
    expect(shown.sort()).toEqual(
      [...Object.keys(SEED.failing.failingTypes), SEED.failing.firstSyncFailedType].sort(),
    )
    expect(screen.getByText(`Showing ${shown.length} of ${all} data types`)).toBeInTheDocument()
  })

  it('says so when nothing is stale or failing', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    await screen.findByRole('table', { name: 'Data status by data type' })
    await user.click(screen.getByRole('checkbox', { name: 'Only stale or failing' }))
    await waitFor(() =>
      expect(screen.getByText('No data type is stale or failing.')).toBeInTheDocument(),
    )
  })
})
