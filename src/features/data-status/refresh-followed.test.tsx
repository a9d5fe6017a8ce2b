import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { renderScreen } from '../../test/render-screen.tsx'
import { DataStatusPanel } from './data-status-panel.tsx'

async function rowFor(dataType: string) {
  const header = await screen.findByRole('rowheader', { name: dataType })
  return within(header.closest('tr') as HTMLElement)
}

describe('refresh feedback', () => {
  it('follows the queued pull to its end and says how it ended', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const invoices = await rowFor('invoices')
    const button = invoices.getByRole('button', { name: 'Refresh invoices' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    await user.click(button)
    const feedback = await screen.findByRole('status')
    expect(feedback).toHaveTextContent('Refresh of invoices queued on Xero (Accounting): now')
    world.advance(30 * 60_000)
    await waitFor(() => expect(feedback).toHaveTextContent(/^invoices: refreshed on Xero/), {
      timeout: 8000,
    })
    expect(feedback).toHaveAttribute('data-tone', 'ok')
  })

  it('says the outcome is unknown when the answer cannot be read, and re-reads the grid', async () => {
    world.setFault({ mode: 'malformed', pathPattern: '/data/queue/', remaining: 1 })
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.healthy.id} />)
    const bills = await rowFor('bills')
    const button = bills.getByRole('button', { name: 'Refresh bills' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    await user.click(button)
    const feedback = await screen.findByRole('status')
    expect(feedback).toHaveTextContent(
      'Outcome unknown: Codat’s answer to the refresh of bills could not be read.',
    )
    expect(feedback).toHaveTextContent('HTTP status 200; correlation ID none given.')
    expect(within(feedback).getByRole('link', { name: 'Open the history' })).toBeInTheDocument()
    expect(feedback).not.toHaveTextContent(/Invalid response|POST \/companies/)
  })

  it('offers no likely connection first when none that supplies the type is linked', async () => {
    const { user } = renderScreen(<DataStatusPanel companyId={SEED.multiConnection.id} />)
    const orders = await rowFor('commerce-orders')
    const button = orders.getByRole('button', { name: 'Refresh commerce-orders' })
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'))
    await user.click(button)
    const dialog = screen.getByRole('dialog', { name: /commerce-orders from which connection/ })
    expect(dialog).toHaveTextContent(
      'No linked connection is of the kind that supplies commerce-orders.',
    )
    const radios = within(dialog).getAllByRole('radio')
    expect(radios[0]).toHaveAccessibleName(/^Shopify \(Commerce\): not linked yet/)
    expect(radios[0]).toBeDisabled()
    expect(radios.filter((radio) => (radio as HTMLInputElement).checked)).toHaveLength(0)
  })
})
