// The fleet: GET /api/fleet (summary, scan state, one page of companies) and POST /api/fleet/scan.
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client'
import {
  fleetResponseSchema,
  fleetScanAcceptedSchema,
  resolveFleetQuery,
  type FleetQuery,
  type FleetResponse,
} from './fleet-schemas'

const FLEET = '/fleet'
const FLEET_SCAN = '/fleet/scan'

/** While a scan runs the screen follows it; a paused one is checked less often. */
export const SCAN_POLL_MS = 2_000
export const PAUSED_POLL_MS = 15_000

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

export const fleetKeys = {
  all: ['fleet'] as const,
  page: (query: FleetQuery) => [...fleetKeys.all, resolveFleetQuery(query)] as const,
}

/** How often to ask again: only while a scan runs or waits. */
export function fleetPollInterval(data: FleetResponse | undefined): number | false {
  if (data?.scan.state === 'running') return SCAN_POLL_MS
  if (data?.scan.state === 'paused') return PAUSED_POLL_MS
  return false
}

export const fleetQueries = {
  page: (query: FleetQuery) =>
    queryOptions({
      queryKey: fleetKeys.page(query),
      queryFn: ({ signal }) => getFleet(query, signal),
      // Coming back to the screen shows what it had at once; the store changes by scans.
      staleTime: 10_000,
      refetchInterval: (q) => fleetPollInterval(q.state.data),
      refetchIntervalInBackground: false,
    }),
}
