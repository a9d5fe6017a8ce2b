// The fleet: GET /api/fleet (summary, scan state, one page of companies), POST /api/fleet/scan, recent alerts and the test alert.
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import {
  alertTestResultSchema,
  fleetResponseSchema,
  fleetScanAcceptedSchema,
  recentAlertsSchema,
  resolveFleetQuery,
  type FleetQuery,
  type FleetResponse,
} from './fleet-schemas.ts'

const FLEET = '/fleet'
const FLEET_SCAN = '/fleet/scan'
const FLEET_ALERT_TEST = '/fleet/alerts/test'
const FLEET_ALERTS = '/fleet/alerts'

/** While a scan runs the screen follows it; a paused one is checked less often. */
export const SCAN_POLL_MS = 2_000
export const PAUSED_POLL_MS = 15_000
/**
 * Between scans, webhooks and re-reads still change companies: a glance at the store (never at
 * Codat) this often keeps an open screen current. Hidden tabs do not poll.
 */
export const IDLE_POLL_MS = 10_000

export async function getFleet(query: FleetQuery, signal?: AbortSignal): Promise<FleetResponse> {
  const { health, dataType, platform, q, sort, page, pageSize } = resolveFleetQuery(query)
  return apiFetch('GET', FLEET, {
    query: { health, dataType, platform, q, sort, page, pageSize },
    schema: fleetResponseSchema,
    signal,
  })
}

export async function requestFleetScan() {
  return apiFetch('POST', FLEET_SCAN, { schema: fleetScanAcceptedSchema })
}

/** Sends a test message through the console's alert channel: whether it took it, or its answer. */
export async function sendTestAlert() {
  return apiFetch('POST', FLEET_ALERT_TEST, { schema: alertTestResultSchema })
}

/** The latest alerts, newest first, and how each went. */
export async function getRecentAlerts(signal?: AbortSignal) {
  return apiFetch('GET', FLEET_ALERTS, { schema: recentAlertsSchema, signal })
}

export const fleetKeys = {
  all: ['fleet'] as const,
  page: (query: FleetQuery) => [...fleetKeys.all, resolveFleetQuery(query)] as const,
  alerts: () => [...fleetKeys.all, 'alerts'] as const,
}

/** How often to ask again: often while a scan runs, less while it waits or between scans. */
export function fleetPollInterval(data: FleetResponse | undefined): number | false {
  if (data === undefined) return false
  if (data.scan.state === 'running') return SCAN_POLL_MS
  if (data.scan.state === 'paused') return PAUSED_POLL_MS
  return IDLE_POLL_MS
}

export const fleetQueries = {
  /** Looked at as often as the fleet between scans; a test alert refreshes it with the rest. */
  alerts: () =>
    queryOptions({
      queryKey: fleetKeys.alerts(),
      queryFn: ({ signal }) => getRecentAlerts(signal),
      staleTime: IDLE_POLL_MS,
      refetchInterval: IDLE_POLL_MS,
      refetchIntervalInBackground: false,
    }),
  page: (query: FleetQuery) =>
    queryOptions({
      queryKey: fleetKeys.page(query),
      queryFn: ({ signal }) => getFleet(query, signal),
      // Coming back to the screen shows what it had at once; the store changes by scans and webhooks.
      staleTime: IDLE_POLL_MS,
      refetchInterval: (q) => fleetPollInterval(q.state.data),
      refetchIntervalInBackground: false,
    }),
}
