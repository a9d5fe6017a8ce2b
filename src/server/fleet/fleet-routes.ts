// GET /api/fleet (filtered, sorted, paged summaries) and POST /api/fleet/scan (operators ask for a scan now).
import {
  fleetParamsObject,
  fleetQuerySchema,
  resolveFleetQuery,
  type FleetResponse,
} from '../../api/fleet-schemas.ts'
import type { FleetService } from './fleet-service.ts'
import { sendError, sendJson } from '../http/json-answers.ts'
import type { ConsoleRoute } from '../http/console-route.ts'

/** `fleet` resolves once the store is open; requests before that wait for it. */
export function createFleetRoute(fleet: Promise<FleetService>): ConsoleRoute {
  return {
    name: 'fleet',
    methods: ['GET'],
    path: '/api/fleet',
    signIn: 'required',
    isStateChanging: false,
    async handle({ res, query, correlationId }) {
      const parsed = fleetQuerySchema.safeParse(fleetParamsObject(query))
      if (!parsed.success) {
        const field = parsed.error.issues[0]?.path.join('.') ?? 'query'
        return sendError(res, 400, `Query parameter "${field}" has an invalid value`, correlationId)
      }
      const service = await fleet
      const [page, scan] = await Promise.all([
        service.fleetPage(resolveFleetQuery(parsed.data)),
        service.scanBlock(),
      ])
      res.setHeader('Cache-Control', 'no-store')
      // The demo's answer and this one are checked against the one response type.
      const answer = {
        summary: page.summary,
        scan,
        companies: page.companies,
      } satisfies FleetResponse
      sendJson(res, 200, answer)
    },
  }
}

export function createFleetScanRoute(fleet: Promise<FleetService>): ConsoleRoute {
  return {
    name: 'fleet-scan',
    methods: ['POST'],
    path: '/api/fleet/scan',
    signIn: 'required',
    role: 'operator',
    isStateChanging: true,
    refusedWhenReadOnly: true,
    action: 'start a scan',
    async handle({ res }) {
      const service = await fleet
      // A second press (or a second operator) within the cool-down gets the scan already asked
      // for, not a second read of every company: 202 either way, `isNew` says which.
      const request = await service.requestScan()
      sendJson(res, 202, { scan: await service.scanBlock(), request })
    },
  }
}
