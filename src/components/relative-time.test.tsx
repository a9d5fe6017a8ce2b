import { render, screen } from '@testing-library/react'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { parseCodatDate } from '../lib/dates.ts'
import { RelativeTime } from './relative-time.tsx'

const NOW = Date.UTC(2026, 10, 20, 9, 30, 0)

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(NOW)
})
afterEach(() => vi.useRealTimers())

function show(raw: string) {
  const date = parseCodatDate(raw)
  if (!date) throw new Error(`unparsable ${raw}`)
  render(<RelativeTime date={date} />)
  return screen.getByRole('time')
}

it('reads a past moment relative to now, with the absolute time and zone on hover', () => {
  const time = show('2026-11-20T08:30:00Z')
  expect(time).toHaveTextContent('1 hour ago')
  expect(time).toHaveAttribute('title', expect.stringMatching(/UTC/))
  expect(time).toHaveAttribute('dateTime', '2026-11-20T08:30:00.000Z')
})

it('a moment newer than the last clock tick reads "just now", never "in 12 seconds"', () => {
  expect(show('2026-11-20T09:30:12Z')).toHaveTextContent('just now')
})

it('marks a time Codat sent without a zone, by name', () => {
  expect(show('2026-11-20T07:30:00')).toHaveTextContent('2 hours ago')
  expect(screen.getByRole('img', { name: 'No zone given; read as UTC' })).toBeVisible()
})

it('shows the absolute time on hover in UTC once UTC is chosen', () => {
  localStorage.setItem('console.timeZone', 'utc')
  try {
    expect(show('2026-11-20T08:30:00Z')).toHaveAttribute('title', '20 Nov 2026, 08:30:00 UTC')
  } finally {
    localStorage.removeItem('console.timeZone')
  }
})
