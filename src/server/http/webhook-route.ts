// POST /webhooks/codat: Codat's signed events (Svix scheme), verified over the raw body, each delivery once.
import { Webhook } from 'standardwebhooks'
import { webhookEnvelopeSchema } from '../../api/webhook-schemas.ts'
import { applyWebhookEvent } from '../fleet/fleet-webhooks.ts'
import type { FleetService } from '../fleet/fleet-service.ts'
import { sendError } from '../http-json.ts'
import type { ConsoleMetrics } from '../metrics/console-metrics.ts'
import type { ConsoleRoute } from './console-route.ts'

const MAX_BODY = 512 * 1024

export function createWebhookRoute(
  fleetReady: Promise<FleetService> | undefined,
  options: { secrets: readonly string[]; staleHours: number; metrics?: ConsoleMetrics },
): ConsoleRoute {
  const verifiers = options.secrets.map((secret) => new Webhook(secret))
  const isConfigured = fleetReady !== undefined && verifiers.length > 0
  return {
    name: 'codat-webhooks',
    methods: ['POST'],
    path: '/webhooks/codat',
    // Codat cannot sign in; the signature proves the sender instead.
    signIn: 'none',
    isStateChanging: false,
    // Unconfigured, the 404 goes out without reading the body (and the connection closes).
    ...(isConfigured ? { body: { maxBytes: MAX_BODY } } : {}),
    async handle({ req, res, body, correlationId, log }) {
      if (!fleetReady || !isConfigured)
        return sendError(
          res,
          404,
          'Webhooks are not configured (CODAT_WEBHOOK_SECRET)',
          correlationId,
        )
      const fleet = await fleetReady
      const header = (name: string) => {
        const value = req.headers[name]
        return typeof value === 'string' ? value : ''
      }
      // Codat sends Svix's header names; the Standard Webhooks library reads webhook-*.
      const signed = {
        'webhook-id': header('svix-id'),
        'webhook-timestamp': header('svix-timestamp'),
        'webhook-signature': header('svix-signature'),
      }
      const payload = body.toString('utf8')
      const isGenuine = verifiers.some((verifier) => {
        try {
          verifier.verify(payload, signed, { jsonParse: false })
          return true
        } catch {
          return false
        }
      })
      if (!isGenuine) {
        options.metrics?.countWebhook('unverified', 'rejected')
        return sendError(
          res,
          401,
          'Bad or missing webhook signature, or a stale timestamp',
          correlationId,
        )
      }
      let json: unknown
      try {
        json = JSON.parse(payload)
      } catch {
        json = undefined
      }
      const envelope = webhookEnvelopeSchema.safeParse(json)
      const eventType = envelope.success ? envelope.data.eventType : 'unreadable'
      const isFirst = await fleet.store.recordDelivery(
        signed['webhook-id'],
        eventType.slice(0, 100),
      )
      const at = new Date().toISOString()
      await fleet.webhookReceived(at)
      if (!isFirst || !envelope.success) {
        options.metrics?.countWebhook(eventType, isFirst ? 'ignored' : 'duplicate')
        res.writeHead(204).end()
        return
      }
      // Codat wants an answer within 15 s: acknowledge now, apply the event after.
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"accepted":true}')
      try {
        const outcome = await applyWebhookEvent(fleet, envelope.data, options.staleHours)
        options.metrics?.countWebhook(eventType, outcome)
      } catch (error) {
        options.metrics?.countWebhook(eventType, 'failed')
        log({
          type: 'webhook',
          event: 'failed',
          eventType,
          correlationId,
          message: (error as Error).message,
        })
      }
    },
  }
}
