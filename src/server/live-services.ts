// Live mode's services beside the proxy: the fleet (store + scanner), metrics, and the routes that expose them.
import type { ConsoleSettings } from './config/settings.ts'
import { createAlertTestRoute, createRecentAlertsRoute } from './alerts/alert-routes.ts'
import { startFleetService, type FleetService } from './fleet/fleet-service.ts'
import type { ConsoleRoute } from './http/console-route.ts'
import { createFleetRoute, createFleetScanRoute } from './fleet/fleet-routes.ts'
import { createBulkRoutes } from './bulk/bulk-routes.ts'
import { createMetricsRoute } from './metrics/metrics-route.ts'
import { createWebhookRoute } from './webhooks/webhook-route.ts'
import { createConsoleMetrics } from './metrics/console-metrics.ts'
import type { ProxyOptions } from './proxy.ts'
import type { Database } from './store/database.ts'

export interface LiveServices {
  /** Resolves once the store is open and migrated (a few seconds for a new embedded store). */
  fleet: Promise<FleetService>
  /** Pass to createProxy: the console's fleet, metrics and webhook routes, and the forwarder hooks. */
  proxyOptions: Required<Pick<ProxyOptions, 'routes' | 'forwarderHooks'>>
  close(): Promise<void>
}

/** Starts opening the store at once; the routes are usable straight away and wait for it. */
export function startLiveServices(
  settings: ConsoleSettings,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  database?: Database,
): LiveServices {
  const metrics = createConsoleMetrics()
  // People's own calls to Codat in flight here: bulk refresh lets them go first.
  let peopleCalling = 0
  const fleet = startFleetService({
    fleet: settings.fleet,
    codat: {
      baseUrl: settings.baseUrl,
      authHeader: settings.authHeader,
      timeoutMs: settings.timeoutMs,
    },
    metrics,
    log,
    alerts: settings.alerts,
    peopleCalling: () => peopleCalling,
    ...(database && { database }),
  })
  // A store that cannot open is reported by whoever awaits `fleet`; this keeps it from going unhandled.
  fleet.catch(() => undefined)
  const routes: ConsoleRoute[] = [
    createFleetRoute(fleet),
    createFleetScanRoute(fleet),
    ...createBulkRoutes(fleet),
    createAlertTestRoute(fleet),
    createRecentAlertsRoute(fleet),
    createMetricsRoute(metrics),
    createWebhookRoute(fleet, { secrets: settings.fleet.webhookSecrets, metrics }),
  ]
  return {
    fleet,
    proxyOptions: {
      routes,
      forwarderHooks: {
        observe: metrics.observeUpstream,
        calling: (change) => {
          peopleCalling += change
        },
        // A store that cannot open is reported at start-up; a refresh has nothing to add.
        refreshed: (companyId) => {
          fleet.then((service) => service.companyRefreshed(companyId)).catch(() => undefined)
        },
      },
    },
    close: () =>
      fleet
        .then((service) => service.close())
        .catch((error: unknown) =>
          log(
            JSON.stringify({
              type: 'fleet',
              event: 'close-failed',
              error: (error as Error).message,
            }),
          ),
        ),
  }
}
