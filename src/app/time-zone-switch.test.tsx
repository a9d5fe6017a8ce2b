import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { InstantTime } from '../components/instant-time.tsx'
import { Timestamp } from '../components/timestamp.tsx'
import { parseCodatDate } from '../lib/dates.ts'
import { TimeZoneSwitch } from './time-zone-switch.tsx'

const SUMMER = parseCodatDate('2026-07-01T13:03:05Z')!
const ZONELESS = parseCodatDate('2026-07-01T09:00:00')!

const originalTz = process.env.TZ
beforeAll(() => {
  // The viewer is in London, an hour ahead of UTC in summer.
  process.env.TZ = 'Europe/London'
})
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})
afterEach(() => localStorage.clear())

function Screen() {
  return (
    <>
      <TimeZoneSwitch />
      <p data-testid="requested">
        <Timestamp date={SUMMER} />
      </p>
      <p data-testid="read">
        <InstantTime epochMs={SUMMER.epochMs} />
      </p>
      <p data-testid="zoneless">
        <Timestamp date={ZONELESS} />
      </p>
    </>
  )
}

it('shows times in the viewer’s zone with its name by default', () => {
  render(<Screen />)
  expect(screen.getByRole('combobox', { name: 'Times' })).toHaveDisplayValue(
    'local (Europe/London)',
  )
  expect(screen.getByTestId('requested')).toHaveTextContent('1 Jul 2026, 14:03:05 BST')
  expect(screen.getByTestId('read')).toHaveTextContent('14:03:05 BST')
})

it('switches every time to UTC at once, and remembers it for the next visit', async () => {
  const user = userEvent.setup()
  const { unmount } = render(<Screen />)
  await user.selectOptions(screen.getByRole('combobox', { name: 'Times' }), 'UTC')
  expect(screen.getByTestId('requested')).toHaveTextContent('1 Jul 2026, 13:03:05 UTC')
  expect(screen.getByTestId('read')).toHaveTextContent('13:03:05 UTC')
  unmount()

  render(<Screen />)
  expect(screen.getByRole('combobox', { name: 'Times' })).toHaveDisplayValue('UTC')
  expect(screen.getByTestId('requested')).toHaveTextContent('13:03:05 UTC')
})

it('shows a zone-less time as sent in either zone, with a named mark', async () => {
  const user = userEvent.setup()
  render(<Screen />)
  const zoneless = screen.getByTestId('zoneless')
  expect(zoneless).toHaveTextContent('1 Jul 2026, 09:00:00')
  expect(within(zoneless).getByRole('img', { name: 'No zone given; read as UTC' })).toBeVisible()
  await user.selectOptions(screen.getByRole('combobox', { name: 'Times' }), 'UTC')
  expect(zoneless).toHaveTextContent('1 Jul 2026, 09:00:00')
  expect(within(zoneless).getByRole('time')).toHaveAttribute(
    'title',
    '1 Jul 2026, 09:00:00 (no zone given, shown as UTC)',
  )
})
