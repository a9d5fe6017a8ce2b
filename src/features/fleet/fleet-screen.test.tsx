import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fleetKeys } from '../../api/fleet.ts'
import type { FleetSearch } from '../../api/fleet-schemas.ts'
import { sessionQuery, type Session } from '../../api/session.ts'
import { server } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { fleetAnswer } from '../../test/fleet-answers.ts'
import { renderScreen } from '../../test/render-screen.tsx'
import { FleetScreen, type UnreadLink } from './fleet-screen.tsx'

function renderFleet(
  search: FleetSearch = {},
  { session, unreadLink }: { session?: Session; unreadLink?: UnreadLink } = {},
) {
  const onSearchChange = vi.fn()
  return {
    ...renderScreen(
      <FleetScreen search={search} onSearchChange={onSearchChange} unreadLink={unreadLink} />,
      { seed: (client) => session && client.setQueryData(sessionQuery.queryKey, session) },
    ),
    onSearchChange,
  }
}

const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole('link')
    .map((link) => link.textContent)

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

describe('FleetScreen when something goes wrong', () => {
  afterEach(() => server.events.removeAllListeners())

  it('keeps the figures on screen when a re-read fails, says so, and retries', async () => {
    const { client, user } = renderFleet()
    const table = await screen.findByRole('table', { name: 'Fleet companies' })
    const names = rowNames(table)
    const tiles = screen.getByRole('navigation', { name: 'Companies by health' })
    expect(within(tiles).getByRole('link', { name: /All companies/ })).toHaveTextContent('13')

    server.use(
      http.get('/api/fleet', () =>
        HttpResponse.json({ error: 'The fleet store is not answering' }, { status: 503 }),
      ),
    )
    await client.refetchQueries({ queryKey: fleetKeys.all })
    const banner = await screen.findByRole('alert')
    expect(banner).toHaveTextContent(/Could not update the fleet: .*503/)
    expect(banner).toHaveTextContent('The counts and the table show the last figures loaded')
    expect(rowNames(table)).toEqual(names)
    expect(within(tiles).getByRole('link', { name: /All companies/ })).toHaveTextContent('13')

    server.resetHandlers()
    await user.click(within(banner).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
    expect(rowNames(screen.getByRole('table', { name: 'Fleet companies' }))).toEqual(names)
  })

  it.each([
    {
      who: 'a viewer',
      session: { user: 'vera', role: 'viewer', readOnly: false, mode: 'live' } as const,
      reason: 'Signed in as vera with the viewer role: only operators can start a scan.',
    },
    {
      who: 'anyone on a read-only console',
      session: { user: null, role: null, readOnly: true, mode: 'live' } as const,
      reason: 'Read-only console: nobody can start a scan (CONSOLE_READ_ONLY).',
    },
  ])('keeps Scan now off for $who and says why', async ({ session, reason }) => {
    const scans = vi.fn()
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/api/fleet/scan') scans()
    })
    const { user } = renderFleet({}, { session })
    const button = await screen.findByRole('button', { name: 'Scan now' })
    expect(button).toBeDisabled()
    expect(button).toHaveAccessibleDescription(reason)
    await user.click(button)
    expect(scans).not.toHaveBeenCalled()
  })

  it('says why the console refused a scan it was asked for, and keeps the fleet', async () => {
    server.use(
      http.post('/api/fleet/scan', () =>
        HttpResponse.json(
          { error: 'Only operators can start a scan; your role is viewer' },
          { status: 403 },
        ),
      ),
    )
    const operator = { user: 'otto', role: 'operator', readOnly: false, mode: 'live' } as const
    const { user } = renderFleet({}, { session: operator })
    const button = await screen.findByRole('button', { name: 'Scan now' })
    await vi.waitFor(() => expect(button).toBeEnabled())
    await user.click(button)
    const refusal = await screen.findByRole('alert')
    expect(refusal).toHaveTextContent('the scan request')
    expect(refusal).toHaveTextContent('Only operators can start a scan; your role is viewer')
    expect(screen.getByRole('table', { name: 'Fleet companies' })).toBeInTheDocument()
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
  })

  it('says in one line when alerts are not getting through, and offers viewers no test button', async () => {
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
    const alerts = {
      configured: true,
      lastSentAt: ago(3_600_000),
      brokenSince: ago(300_000),
      lastError: 'HTTP 500: busy',
      lastErrorAt: ago(60_000),
      waiting: 2,
    }
    server.use(http.get('/api/fleet', () => HttpResponse.json(fleetAnswer({ scan: { alerts } }))))
    const viewer = { user: 'vera', role: 'viewer', readOnly: false, mode: 'live' } as const
    renderFleet({}, { session: viewer })
    expect(
      await screen.findByText(
        'Alerts not getting through since 5 minutes ago: HTTP 500: busy (2 waiting)',
      ),
    ).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Send test alert' })).not.toBeInTheDocument()
  })

  it('lets an operator send a test alert and shows what the channel answered', async () => {
    const alerts = {
      configured: true,
      lastSentAt: null,
      brokenSince: null,
      lastError: null,
      lastErrorAt: null,
      waiting: 0,
    }
    server.use(
      http.get('/api/fleet', () => HttpResponse.json(fleetAnswer({ scan: { alerts } }))),
      http.post('/api/fleet/alerts/test', () =>
        HttpResponse.json({ isSent: false, error: 'HTTP 404: no_service' }),
      ),
    )
    const operator = { user: 'otto', role: 'operator', readOnly: false, mode: 'live' } as const
    const { user } = renderFleet({}, { session: operator })
    // A channel that works is not mentioned.
    await screen.findByText(/Webhooks: not configured/)
    expect(screen.queryByText(/Alerts not getting through/)).not.toBeInTheDocument()
    await user.click(await screen.findByRole('button', { name: 'Send test alert' }))
    expect(await screen.findByText('Test alert not sent: HTTP 404: no_service')).toBeInTheDocument()
  })

  it('says which part of a hand-edited link it left out, applies the rest, and offers a way out', async () => {
    const onDismiss = vi.fn()
    const { user, onSearchChange } = renderFleet(
      { platform: 'Xero', sort: 'name' },
      { unreadLink: { parts: [{ label: 'health', value: 'failng' }], onDismiss } },
    )
    const note = await screen.findByRole('status', { name: '' })
    expect(note).toHaveTextContent(
      'Part of this link could not be read, so the Fleet left it out: health “failng”. The rest of the link applies.',
    )
    // The rest of the link still applies: the platform filter is shown and asked for.
    expect(await screen.findByRole('combobox', { name: 'Platform' })).toHaveValue('Xero')
    expect(screen.getByRole('combobox', { name: 'Health' })).toHaveValue('')
    await user.click(within(note).getByRole('button', { name: 'Show the whole fleet' }))
    expect(onSearchChange).toHaveBeenCalledWith({ platform: undefined, sort: undefined })
    await user.click(within(note).getByRole('button', { name: 'Dismiss' }))
    expect(onDismiss).toHaveBeenCalledOnce()
  })
})
