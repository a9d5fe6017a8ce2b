import { describe, expect, it } from 'vitest'
import {
  fleetPollInterval,
  fleetQueries,
  IDLE_POLL_MS,
  PAUSED_POLL_MS,
  SCAN_POLL_MS,
} from './fleet.ts'
import { WEBHOOKS_NOT_CONFIGURED, type FleetResponse, type FleetScan } from './fleet-schemas.ts'
import { fleetAnswer } from '../test/fleet-answers.ts'

function answer(scan: Partial<FleetScan>): FleetResponse {
  return fleetAnswer({
    scan: {
      nextScanAt: '2026-06-10T11:30:00.000Z',
      webhooks: { ...WEBHOOKS_NOT_CONFIGURED, configured: true },
      ...scan,
    },
  })
}

describe('how often the Fleet screen asks again', () => {
  it('follows a running scan closely, a paused one loosely', () => {
    expect(fleetPollInterval(answer({ state: 'running', progress: { done: 1, total: 9 } }))).toBe(
      SCAN_POLL_MS,
    )
    expect(fleetPollInterval(answer({ state: 'paused' }))).toBe(PAUSED_POLL_MS)
  })

  it('between scans still picks up what webhooks and re-reads changed', () => {
    expect(fleetPollInterval(answer({ state: 'idle' }))).toBe(IDLE_POLL_MS)
    expect(IDLE_POLL_MS).toBeGreaterThan(SCAN_POLL_MS)
  })

  it('does not poll before a first answer, nor while the tab is hidden', () => {
    expect(fleetPollInterval(undefined)).toBe(false)
    expect(fleetQueries.page({}).refetchIntervalInBackground).toBe(false)
  })
})
