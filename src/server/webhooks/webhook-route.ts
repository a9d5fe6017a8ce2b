// POST /webhooks/codat: Codat's signed events, headers checked before the body, verified over the raw body, each applied once.
import type { ServerResponse } from 'node:http'
import type { WebhookRefusalReason } from '../../api/fleet-schemas.ts'
import { webhookEnvelopeSchema } from '../../api/webhook-schemas.ts'
import { parseJsonText } from '../../lib/json-text.ts'
import type { FleetService } from '../fleet/fleet-service.ts'
import { sendError, sendJson } from '../http/json-answers.ts'
import type { ConsoleMetrics } from '../metrics/console-metrics.ts'
import type { ConsoleRoute, Logger } from '../http/console-route.ts'
import {
  createSignatureCheck,
  readSignedHeaders,
  timestampRefusal,
  TIMESTAMP_TOLERANCE_S,
} from './webhook-signature.ts'

const MAX_BODY = 512 * 1024
/** Codat's events are a few kilobytes: a body still arriving after this is refused (408). */
export const WEBHOOK_BODY_DEADLINE_MS = 5000
/**
 * Codat wants an answer within 15 s. Applying is a few store writes; past this the answer is a
 * 503 and Codat retries (a transaction that commits later anyway makes the retry a duplicate).
 */
export const WEBHOOK_APPLY_DEADLINE_MS = 10_000

const REFUSAL_ERRORS: Record<WebhookRefusalReason, string> = {
  headers: 'Missing or malformed webhook-id, webhook-timestamp or webhook-signature header',
  stale: `The webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_S / 60} minutes from this server's clock`,
  signature: 'The webhook signature matches none of the configured secrets',
  body: 'The webhook body was too large or too slow',
}

export interface WebhookRouteOptions {
  secrets: readonly string[]
  metrics?: ConsoleMetrics
  /** Tests shorten them. */
  bodyDeadlineMs?: number
  applyDeadlineMs?: number
}

/** What the route asks of the fleet. */
export type WebhookReceiver = Pick<FleetService, 'receiveWebhook' | 'webhookRefused'>

export function createWebhookRoute(
  fleetReady: Promise<WebhookReceiver> | undefined,
  options: WebhookRouteOptions,
): ConsoleRoute {
  const isConfigured = fleetReady !== undefined && options.secrets.length > 0
  const checkSignature = createSignatureCheck(options.secrets)
  const applyDeadlineMs = options.applyDeadlineMs ?? WEBHOOK_APPLY_DEADLINE_MS

  const refuse = (
    res: ServerResponse,
    reason: WebhookRefusalReason,
    correlationId: string,
    log: Logger,
  ) => {
    options.metrics?.countWebhook('unverified', 'rejected', reason)
    fleetReady
      ?.then((fleet) => fleet.webhookRefused(reason))
      .catch((error: unknown) =>
        log({ type: 'webhook', event: 'refusal-not-counted', message: (error as Error).message }),
      )
    // Answered before the body is read (or with it unread), so the connection closes too.
    if (reason !== 'body') sendError(res, 401, REFUSAL_ERRORS[reason], correlationId)
  }

  return {
    name: 'codat-webhooks',
    methods: ['POST'],
    path: '/webhooks/codat',
    // Codat cannot sign in; the signature proves the sender instead.
    signIn: 'none',
    isStateChanging: false,
    body: { maxBytes: MAX_BODY, deadlineMs: options.bodyDeadlineMs ?? WEBHOOK_BODY_DEADLINE_MS },
    // Everything that needs no body is checked before reading a byte of it.
    admit({ req, res, correlationId, log }) {
      if (!isConfigured) {
        sendError(res, 404, 'Webhooks are not configured (CODAT_WEBHOOK_SECRET)', correlationId)
        return false
      }
      const signed = readSignedHeaders(req.headers)
      const refusal = signed ? timestampRefusal(signed, Date.now()) : 'headers'
      if (refusal) {
        refuse(res, refusal, correlationId, log)
        return false
      }
      return true
    },
    bodyRefused(_why, { res, correlationId, log }) {
      refuse(res, 'body', correlationId, log)
    },
    async handle({ req, res, body, correlationId, log }) {
      const signed = readSignedHeaders(req.headers)
      const payload = body.toString('utf8')
      const refusal = signed ? checkSignature(payload, signed, Date.now()) : 'headers'
      if (!signed || refusal) return refuse(res, refusal ?? 'headers', correlationId, log)
      const envelope = webhookEnvelopeSchema.safeParse(parseJsonText(payload))
      const eventType = envelope.success ? envelope.data.eventType : 'unreadable'
      let outcome: Awaited<ReturnType<FleetService['receiveWebhook']>>
      try {
        if (!fleetReady) throw new Error('no fleet')
        const fleet = await fleetReady
        const received = fleet.receiveWebhook({
          id: signed['webhook-id'],
          eventType,
          event: envelope.success ? envelope.data : undefined,
          receivedAt: new Date().toISOString(),
        })
        outcome = await withDeadline(received, applyDeadlineMs, (error) =>
          log({
            type: 'webhook',
            event: 'late-failure',
            eventType,
            correlationId,
            message: error.message,
          }),
        )
      } catch (error) {
        // Nothing was kept: a 5xx makes Codat send it again, and the retry is processed afresh.
        options.metrics?.countWebhook(eventType, 'failed')
        log({
          type: 'webhook',
          event: 'failed',
          eventType,
          correlationId,
          message: (error as Error).message,
        })
        return sendError(
          res,
          503,
          'The console could not store this delivery; Codat will send it again',
          correlationId,
        )
      }
      options.metrics?.countWebhook(eventType, outcome)
      if (outcome === 'duplicate' || !envelope.success) {
        res.writeHead(204).end()
        return
      }
      // Stored and applied: re-reads it asked for are queued for the scanner.
      sendJson(res, 202, { accepted: true })
    },
  }
}

/**
 * The work's result, or a rejection once `ms` have passed. The work itself goes on: a failure
 * after that point is only logged (its answer has gone out).
 */
function withDeadline<T>(work: Promise<T>, ms: number, lateFailure: (error: Error) => void) {
  let isLate = false
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      isLate = true
      reject(new Error(`The store took over ${ms} ms`))
    }, ms)
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        const failure = error instanceof Error ? error : new Error(String(error))
        if (isLate) lateFailure(failure)
        else reject(failure)
      },
    )
  })
}
