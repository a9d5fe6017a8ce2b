import { describe, expect, it } from 'vitest'
import {
  fleetPollInterval,
  fleetQueries,
  IDLE_POLL_MS,
  PAUSED_POLL_MS,
  SCAN_POLL_MS,
} from './fleet'
import type { FleetResponse, FleetScan } from './fleet-schemas'

function answer(scan: Partial<FleetScan>): FleetResponse {
  return {
    summary: {
      total: 0,
      byHealth: {
        needs_relink: 0,
        failing: 0,
        stale: 0,
        in_progress: 0,
        never_synced: 0,
        healthy: 0,
        no_connections: 0,
      },
    },
    scan: {
      state: 'idle',
      lastCompletedAt: '2026-06-10T11:00:00.000Z',
      nextScanAt: '2026-06-10T11:30:00.000Z',
      progress: null,
      pausedUntil: null,
      pauseReason: null,
      webhooks: {
        configured: true,
        lastEventAt: null,
        refused: { lastHour: 0, lastAt: null, byReason: [] },
      },
      ...scan,
    },
    companies: { results: [], pageNumber: 1, pageSize: 100, totalResults: 0 },
  }
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
