// The console's own /api/fleet endpoints in the demo and unit tests, answered from the simulated fleet.
import { http, HttpResponse, type HttpHandler } from 'msw'
import {
  fleetParamsObject,
  fleetQuerySchema,
  resolveFleetQuery,
  type FleetResponse,
  type RecentAlerts,
} from '../api/fleet-schemas.ts'
import { formatIssuePath } from '../api/schemas.ts'
import { DemoFleet, type DemoFleetOptions } from './fleet-sim.ts'
import { stableUuid } from './sim-random.ts'
import type { SimWorld } from './world.ts'

/** The console's own error body, the shape the proxy answers with. */
function consoleError(statusCode: number, error: string): Response {
  const correlationId = stableUuid(`${Date.now()}:${Math.random()}`)
  return HttpResponse.json(
    { statusCode, service: 'ConsoleProxy', error, correlationId },
    { status: statusCode },
  )
}

/** Put these before the Codat handlers: their catch-all would answer `/api/fleet` with a 404. */
export function createFleetHandlers(
  world: SimWorld,
  basePath = '/api',
  options: DemoFleetOptions = {},
): HttpHandler[] {
  const fleet = new DemoFleet(world, options)
  return [
    http.get(`${basePath}/fleet`, ({ request }) => {
      const params = fleetParamsObject(new URL(request.url).searchParams)
      const parsed = fleetQuerySchema.safeParse(params)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue ? formatIssuePath(issue.path) : '(query)'
        return consoleError(400, `Invalid fleet query: ${where}: ${issue?.message ?? 'invalid'}`)
      }
      // The server's answer and this one are checked against the one response type.
      return HttpResponse.json(fleet.answer(resolveFleetQuery(parsed.data)) satisfies FleetResponse)
    }),
    http.get(`${basePath}/fleet/alerts`, () =>
      HttpResponse.json(fleet.recentAlerts() satisfies RecentAlerts),
    ),
    http.post(`${basePath}/fleet/scan`, () =>
      HttpResponse.json({ scan: fleet.requestScan() }, { status: 202 }),
    ),
  ]
}
