// Test-only: GET /api/fleet answers and scan blocks, with every field a test does not care about at its quiet default.
import {
  WEBHOOKS_NOT_CONFIGURED,
  type FleetCompany,
  type FleetResponse,
  type FleetScan,
} from '../api/fleet-schemas.ts'
import { COMPANY_HEALTHS, type CompanyHealth } from '../lib/health.ts'

/** An idle scan that finished at `lastCompletedAt`, webhooks off, nothing paused or asked for. */
export function fleetScan(overrides: Partial<FleetScan> = {}): FleetScan {
  return {
    state: 'idle',
    lastCompletedAt: '2026-06-10T11:00:00.000Z',
    nextScanAt: null,
    progress: null,
    pausedUntil: null,
    pauseReason: null,
    webhooks: WEBHOOKS_NOT_CONFIGURED,
    ...overrides,
  }
}

/** An answer holding these companies on one page; the counts per health are theirs. */
export function fleetAnswer(
  options: { scan?: Partial<FleetScan>; companies?: FleetCompany[] } = {},
): FleetResponse {
  const companies = options.companies ?? []
  const byHealth = Object.fromEntries(COMPANY_HEALTHS.map((health) => [health, 0])) as Record<
    CompanyHealth,
    number
  >
  for (const company of companies) byHealth[company.health] += 1
  return {
    summary: { total: companies.length, byHealth },
    scan: fleetScan(options.scan),
    companies: { results: companies, pageNumber: 1, pageSize: 100, totalResults: companies.length },
  }
}
