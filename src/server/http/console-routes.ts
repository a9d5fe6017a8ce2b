// The console's own endpoints, registered here once each; the Codat allowlist's routes (api-routes.ts) follow them.
import type { ConsoleRoute } from './console-route.ts'
import { healthzRoute } from './healthz-route.ts'
import { sessionRoute } from './session-route.ts'

/**
 * Routes that need nothing but the settings. A route that needs a running service (a store, a
 * scanner) is made by a factory in its own module and passed to createProxy's `routes` option.
 */
export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [healthzRoute, sessionRoute]
