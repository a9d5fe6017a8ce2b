// Test-only: a fleet service as one console process on TEST_DATABASE_URL starts it, over a simulation.
import { loadConfig } from '../config/settings.ts'
import { requireTestDatabaseUrl } from './test-database-url.ts'
import {
  startFleetService,
  type FleetService,
  type FleetServiceOptions,
  type WebhookDelivery,
} from '../fleet/fleet-service.ts'

export async function startTestFleetService(
  simUrl: string,
  overrides: Partial<FleetServiceOptions> = {},
): Promise<FleetService> {
  const config = loadConfig({
    CODAT_API_KEY: 'test-key',
    CODAT_BASE_URL: simUrl,
    DATABASE_URL: requireTestDatabaseUrl(),
  })
  if (!config.ok) throw new Error(config.errors.join())
  const { fleet, baseUrl, authHeader, timeoutMs } = config.config
  return startFleetService({
    fleet,
    codat: { baseUrl, authHeader, timeoutMs },
    log: () => undefined,
    ...overrides,
  })
}

/**
 * Resolves once `check` holds; throws after `timeoutMs`. It looks again after 20 ms, then less
 * and less often, up to every 250 ms: many checks read the store or ask a server, and at a
 * steady 20 ms a wait of seconds for a retry or a scan cost more CPU than the work it waits on.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  for (let pause = 20; !(await check()); pause = Math.min(250, Math.round(pause * 1.5))) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, pause))
  }
}

/** Codat's read.completed for one company, as the webhook route hands it to the fleet service. */
export function readCompletedDelivery(
  id: string,
  company: { id: string; name: string },
  dataTypes: { dataType: string; status: string }[],
): WebhookDelivery {
  return {
    id,
    eventType: 'read.completed',
    event: {
      eventType: 'read.completed',
      generatedDate: new Date().toISOString(),
      payload: { referenceCompany: { id: company.id, name: company.name }, dataTypes },
    },
    receivedAt: new Date().toISOString(),
  }
}
