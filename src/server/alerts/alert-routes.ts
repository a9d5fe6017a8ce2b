// GET /api/fleet/alerts (the latest messages and how each went) and POST /api/fleet/alerts/test (an operator sends one through the real path).
import type { AlertTestResult, RecentAlerts } from '../../api/fleet-schemas.ts'
import type { FleetService } from '../fleet/fleet-service.ts'
import type { ConsoleRoute } from '../http/console-route.ts'
import { sendError, sendJson } from '../http/json-answers.ts'

export const NO_ALERT_CHANNEL_MESSAGE =
  'No alert channel is configured: set ALERT_WEBHOOK_URL (and CONSOLE_PUBLIC_URL) to send alerts'

/** `fleet` resolves once the store is open; requests before that wait for it. */
export function createAlertTestRoute(fleet: Promise<FleetService>): ConsoleRoute {
  return {
    name: 'fleet-alert-test',
    methods: ['POST'],
    path: '/api/fleet/alerts/test',
    signIn: 'required',
    role: 'operator',
    isStateChanging: true,
    refusedWhenReadOnly: true,
    action: 'send a test alert',
    async handle({ res, correlationId, log, identity }) {
      const service = await fleet
      const result = await service.sendTestAlert()
      if (!result) return sendError(res, 409, NO_ALERT_CHANNEL_MESSAGE, correlationId)
      log({
        type: 'alerts',
        event: 'test-alert',
        user: identity?.user ?? null,
        isSent: result.isSent,
        correlationId,
      })
      // Sent or not, the answer is what the channel did: a refusal is its words, not an error here.
      sendJson(res, 200, { isSent: result.isSent, error: result.error } satisfies AlertTestResult)
    },
  }
}

export function createRecentAlertsRoute(fleet: Promise<FleetService>): ConsoleRoute {
  return {
    name: 'fleet-alerts',
    methods: ['GET'],
    path: '/api/fleet/alerts',
    signIn: 'required',
    isStateChanging: false,
    async handle({ res }) {
      const recent: RecentAlerts = await (await fleet).recentAlerts()
      res.setHeader('Cache-Control', 'no-store')
      sendJson(res, 200, recent)
    },
  }
}
