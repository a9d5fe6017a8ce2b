// The scan line's button: open, running, asked for moments ago (the server's cool-down), or not this user's to press.
import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { FleetScan } from '../../api/fleet-schemas.ts'
import { fleetScan } from '../../test/fleet-answers.ts'
import { FleetFreshness } from './fleet-freshness.tsx'

const NOW = Date.parse('2026-12-06T12:00:00Z')

function scan(overrides: Partial<FleetScan> = {}): FleetScan {
  return fleetScan({
    lastCompletedAt: '2026-12-06T11:59:30Z',
    nextScanAt: '2026-12-06T12:29:30Z',
    nextRequestAt: null,
    ...overrides,
  })
}

function renderLine(value: FleetScan, blockedReason?: string) {
  const onScan = vi.fn()
  render(
    <FleetFreshness
      scan={value}
      now={NOW}
      blockedReason={blockedReason}
      isRequesting={false}
      onScan={onScan}
    />,
  )
  return onScan
}

describe('FleetFreshness', () => {
  it('offers Scan now when no scan was asked for lately', () => {
    renderLine(scan())
    expect(screen.getByRole('button', { name: 'Scan now' })).toBeEnabled()
  })

  it('says a scan was asked for moments ago, and when Scan now opens again', () => {
    renderLine(scan({ nextRequestAt: '2026-12-06T12:00:40Z' }))
    const button = screen.getByRole('button', { name: 'Scan asked for' })
    expect(button).toBeDisabled()
    expect(button).toHaveAccessibleDescription(/asked for moments ago; Scan now is open again at/)
  })

  it('opens again once the cool-down has passed', () => {
    renderLine(scan({ nextRequestAt: '2026-12-06T11:59:59Z' }))
    expect(screen.getByRole('button', { name: 'Scan now' })).toBeEnabled()
  })

  it('shows a running scan as running, whatever was asked', () => {
    renderLine(scan({ state: 'running', nextRequestAt: '2026-12-06T12:00:40Z' }))
    expect(screen.getByRole('button', { name: 'Scan running…' })).toBeDisabled()
  })

  it("gives the session's reason first", () => {
    renderLine(scan({ nextRequestAt: '2026-12-06T12:00:40Z' }), 'Read-only console.')
    expect(screen.getByRole('button')).toHaveAccessibleDescription('Read-only console.')
  })
})
