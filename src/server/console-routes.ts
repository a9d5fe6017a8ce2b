// The console's own endpoints, registered here once each; the Codat allowlist's routes (codat/codat-routes.ts) follow them.
import type { ConsoleRoute } from './http/console-route.ts'
import { healthzRoute } from './http/healthz-route.ts'
import { sessionRoute } from './auth/session-route.ts'

/**
 * Routes that need nothing but the settings. A route that needs a running service (a store, a
 * scanner) is made by a factory in its own module and passed to createProxy's `routes` option.
 */
export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [healthzRoute, sessionRoute]
