// The Fleet's recent alerts: collapsed to one line, opened to the messages, each with how it went.
import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import type { RecentAlerts } from '../../api/fleet-schemas.ts'
import { server } from '../../mocks/node.ts'
import { renderScreen } from '../../test/render-screen.tsx'
import { FleetScreen } from './fleet-screen.tsx'

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

/** A live console's answer: one message the channel refused, one sent before it. */
const LIVE: RecentAlerts = {
  channel: 'webhook',
  items: [
    {
      id: 'alert_2',
      type: 'alert.change',
      at: minutesAgo(3),
      title: 'Harbour Chandlery Ltd: invoices is failing',
      text: 'The latest pull failed with FetchError.',
      error: 'The request to Xero timed out after 100 seconds.',
      links: [
        { label: 'Open the company', url: 'https://console.example.com/companies/c1?why=invoices' },
      ],
      delivery: 'waiting',
      attempts: 2,
      lastError: 'hooks.example.com answered 500: busy',
    },
    {
      id: 'alert_1',
      type: 'alert.baseline',
      at: minutesAgo(90),
      title: 'Alerts are on: 13 companies watched',
      text: 'From now on, changes are told as they happen.',
      error: null,
      links: [],
      delivery: 'sent',
      attempts: 1,
      lastError: null,
    },
  ],
}

describe('RecentAlertsPanel', () => {
  it('shows the newest alert in one line, and when opened each message with how it went', async () => {
    server.use(http.get('/api/fleet/alerts', () => HttpResponse.json(LIVE)))
    const { user } = renderScreen(<FleetScreen search={{}} onSearchChange={() => undefined} />)
    const summary = await screen.findByText(/2 in the last day · newest 3 minutes ago/)
    expect(summary).toHaveTextContent('Harbour Chandlery Ltd: invoices is failing')
    const panel = summary.closest('details') as HTMLDetailsElement
    expect(panel.open).toBe(false)
    await user.click(within(panel).getByText('Recent alerts'))
    expect(panel.open).toBe(true)
    expect(
      within(panel).getByText(/Sent to the alert webhook \(ALERT_WEBHOOK_URL\); newest first\./),
    ).toBeVisible()
    const [failing, baseline] = within(panel).getAllByRole('listitem')
    expect(failing).toHaveTextContent(
      'Not sent yet: hooks.example.com answered 500: busy (tried 2×, retrying)',
    )
    expect(failing).toHaveTextContent(
      'Codat said: The request to Xero timed out after 100 seconds.',
    )
    expect(
      within(failing as HTMLElement).getByRole('link', { name: 'Open the company' }),
    ).toHaveAttribute('href', 'https://console.example.com/companies/c1?why=invoices')
    // A message that went says nothing of its delivery.
    expect(baseline).toHaveTextContent('Alerts are on: 13 companies watched')
    expect(baseline).not.toHaveTextContent(/sent|retrying|Given up/i)
  })

  it('in the demo, starts with what the first reading found, shown here only', async () => {
    renderScreen(<FleetScreen search={{}} onSearchChange={() => undefined} />)
    const summary = await screen.findByText(/newest .*: Alerts are on/)
    const panel = summary.closest('details') as HTMLDetailsElement
    expect(within(panel).getByText(/Shown here only: the demo sends nothing/)).toBeInTheDocument()
  })

  it('is not there while alerts are off', async () => {
    server.use(http.get('/api/fleet/alerts', () => HttpResponse.json({ channel: null, items: [] })))
    renderScreen(<FleetScreen search={{}} onSearchChange={() => undefined} />)
    await screen.findByRole('table', { name: 'Fleet companies' })
    expect(screen.queryByText('Recent alerts')).not.toBeInTheDocument()
  })
})
