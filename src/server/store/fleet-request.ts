// Turns a checked GET /api/fleet request (defaults filled in) into the store's fleet query.
import type { ResolvedFleetQuery } from '../../api/fleet-schemas.ts'
import type { FleetQuery, FleetSortKey } from './fleet-query.ts'

export function fleetStoreQuery(resolved: ResolvedFleetQuery): FleetQuery {
  const descending = resolved.sort.startsWith('-')
  return {
    ...(resolved.health && { health: resolved.health }),
    ...(resolved.dataType && { dataType: resolved.dataType }),
    ...(resolved.platform && { platform: resolved.platform }),
    ...(resolved.q && { q: resolved.q }),
    sort: (descending ? resolved.sort.slice(1) : resolved.sort) as FleetSortKey,
    descending,
    page: resolved.page,
    pageSize: resolved.pageSize,
  }
}
