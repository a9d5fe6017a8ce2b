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
import { bulkItemsQuerySchema, bulkRequestSchema, type BulkJob } from '../api/bulk-schemas.ts'
import { BulkRefusal, DemoBulk, type BulkJobStore } from './bulk-sim.ts'
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
  options: DemoFleetOptions & { bulkStore?: BulkJobStore } = {},
): HttpHandler[] {
  const { bulkStore, ...fleetOptions } = options
  const fleet = new DemoFleet(world, fleetOptions)
  const bulk = new DemoBulk(world, fleet, { store: bulkStore })
  /** The job, or the console's error body for a refusal. */
  const job = (status: number, answer: () => BulkJob) => {
    try {
      return HttpResponse.json(answer(), { status })
    } catch (error) {
      if (error instanceof BulkRefusal) return consoleError(error.status, error.message)
      throw error
    }
  }
  const invalid = (what: string, issues: readonly { path: PropertyKey[]; message: string }[]) => {
    const issue = issues[0]
    const where = issue ? formatIssuePath(issue.path) : '(body)'
    return consoleError(400, `Invalid ${what}: ${where}: ${issue?.message ?? 'invalid'}`)
  }
  return [
    http.post(`${basePath}/fleet/bulk`, async ({ request }) => {
      const parsed = bulkRequestSchema.safeParse(await request.json().catch(() => undefined))
      if (!parsed.success) return invalid('bulk refresh', parsed.error.issues)
      return job(201, () => bulk.createDraft(parsed.data))
    }),
    http.get(`${basePath}/fleet/bulk/current`, () => HttpResponse.json({ job: bulk.current() })),
    http.post(`${basePath}/fleet/bulk/:id/start`, ({ params }) =>
      job(200, () => bulk.start(String(params.id))),
    ),
    http.post(`${basePath}/fleet/bulk/:id/cancel`, ({ params }) =>
      job(200, () => bulk.cancel(String(params.id))),
    ),
    http.post(`${basePath}/fleet/bulk/:id/retry`, ({ params }) =>
      job(200, () => bulk.retry(String(params.id))),
    ),
    http.get(`${basePath}/fleet/bulk/:id`, ({ params, request }) => {
      const search = new URL(request.url).searchParams
      const parsed = bulkItemsQuerySchema.safeParse({
        state: search.get('state') || undefined,
        page: search.get('page') || undefined,
      })
      if (!parsed.success) return invalid('bulk items query', parsed.error.issues)
      return job(200, () => bulk.get(String(params.id), parsed.data))
    }),
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
