// What the console says when a call to Codat waited, or could not wait, behind other requests.
import type { ServerResponse } from 'node:http'
import { sendJson, type ProxyErrorBody } from '../http/json-answers.ts'

/** Milliseconds a call waited behind other requests before it went to Codat; absent when it did not. */
export const QUEUED_HEADER = 'X-Console-Queued-Ms'

/** Waiting this long for a pooled socket counts as queued; less is only the event loop's own delay. */
export const POOL_QUEUE_MS = 20

export type QueuedRefusal =
  | { kind: 'queue-full'; inFlight: number; queued: number }
  | { kind: 'expired'; waitedMs: number }
  | { kind: 'pool'; waitedMs: number }

/** Seconds with at most one decimal, as the messages say them. */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10
}

/** A 503/504 for a call that never reached Codat because of other requests, with Retry-After. */
export function sendQueuedRefusal(
  res: ServerResponse,
  refusal: QueuedRefusal,
  correlationId: string,
): void {
  if (refusal.kind === 'queue-full') {
    const error =
      `Queued behind other requests: you already have ${refusal.inFlight} ` +
      `${refusal.inFlight === 1 ? 'call' : 'calls'} to Codat in flight and ${refusal.queued} ` +
      'waiting, so this one was not sent; try again in a moment'
    return sendQueuedError(res, 503, error, correlationId, 0, '2')
  }
  const why =
    refusal.kind === 'expired'
      ? 'your earlier calls to Codat did not finish in time'
      : 'no connection to Codat came free in time'
  const error = `Queued behind other requests for ${seconds(refusal.waitedMs)} s: ${why}, so this one was not sent`
  sendQueuedError(res, 504, error, correlationId, refusal.waitedMs, '5')
}

/** The proxy's JSON error; when the call was queued, the body and a header say for how long. */
export function sendQueuedError(
  res: ServerResponse,
  status: number,
  error: string,
  correlationId: string,
  queuedMs: number | undefined,
  retryAfter?: string,
): void {
  const body: ProxyErrorBody & { queuedMs?: number } = {
    statusCode: status,
    service: 'ConsoleProxy',
    error,
    correlationId,
    ...(queuedMs !== undefined ? { queuedMs } : {}),
  }
  sendJson(res, status, body, {
    'X-Request-Id': correlationId,
    ...(queuedMs !== undefined ? { [QUEUED_HEADER]: String(queuedMs) } : {}),
    ...(retryAfter ? { 'Retry-After': retryAfter } : {}),
  })
}
