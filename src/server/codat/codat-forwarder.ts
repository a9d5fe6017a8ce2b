// Sends an allowlisted call to Codat: a fair turn per user, the key added, the answer passed back, refreshes audited.
import type { IncomingMessage } from 'node:http'
import type { Agent } from 'node:http'
import type { CodatCall, SendToCodat } from './codat-routes.ts'
import type { ConsoleSettings } from '../config/settings.ts'
import { sendError } from '../http/json-answers.ts'
import type { UpstreamSample } from '../metrics/console-metrics.ts'
import { forwardToCodat, type UpstreamOutcome } from './upstream.ts'
import type { Identity, Logger } from '../http/console-route.ts'
import { createCallSlots } from './call-slots.ts'
import {
  POOL_QUEUE_MS,
  QUEUED_HEADER,
  seconds,
  sendQueuedError,
  sendQueuedRefusal,
} from './queued-answers.ts'

const AUDIT_CAPTURE = 64 * 1024
/** A wait for a turn short enough to go unnoticed is not worth a word on screen. */
const NOTICEABLE_QUEUE_MS = 100

/** What the fleet and the metrics learn from calls the console forwards. */
export interface ForwarderHooks {
  observe?: (sample: UpstreamSample) => void
  /** A refresh Codat accepted: the fleet reads the company again. */
  refreshed?: (companyId: string) => void
  /** A person's call went to Codat (+1) or came back (-1): bulk refresh waits while any is out. */
  calling?: (change: 1 | -1) => void
}

/**
 * The allowlist's routes (codat-routes.ts) have checked the call and the router its guards; this
 * waits for the caller's turn and sends it. Without CONSOLE_USERS, calls in flight are counted
 * per client address.
 */
export function createCodatForwarder(
  settings: ConsoleSettings,
  agent: Agent,
  log: Logger,
  hooks: ForwarderHooks = {},
): SendToCodat {
  const slots = createCallSlots(settings.callsPerUser, settings.queuePerUser)
  // Half the deadline at most in the queue, so a call that gets its turn still has time for Codat.
  const maxQueueMs = Math.floor(settings.timeoutMs / 2)
  return async ({ req, res, identity, correlationId, clientRequestId, address }, route) => {
    const who: Identity = identity ?? { user: null, role: 'viewer' }
    const ids = { correlationId, ...(clientRequestId ? { clientRequestId } : {}) }
    const gone = new AbortController()
    res.once('close', () => gone.abort())
    const key = who.user !== null ? `user:${who.user}` : `address:${address}`
    const slot = await slots.acquire(key, maxQueueMs, gone.signal)
    if (slot.kind !== 'granted') {
      if (slot.kind !== 'cancelled') {
        log({ type: 'call-queue', outcome: slot.kind, user: who.user, address, correlationId })
        sendQueuedRefusal(res, slot, correlationId)
      }
      if (route.isRefresh) log(auditLine(route, who, { kind: queueOutcome(slot.kind) }, ids))
      return
    }
    let queuedMs = slot.waitedMs
    if (queuedMs > 0) res.setHeader(QUEUED_HEADER, String(queuedMs))
    const timeoutMs = settings.timeoutMs - slot.waitedMs
    const started = performance.now()
    hooks.calling?.(1)
    const outcome = await forwardToCodat(
      { baseUrl: settings.baseUrl, authHeader: settings.authHeader, timeoutMs, agent },
      {
        method: route.isRefresh ? 'POST' : 'GET',
        path: route.upstreamPath,
        accept: pickAccept(req),
        correlationId,
        ...(route.isRefresh ? { captureBytes: AUDIT_CAPTURE } : {}),
        onSocket: () => {
          // Waiting for a socket means other calls hold the whole pool: queued as well.
          const poolMs = Math.round(performance.now() - started)
          if (poolMs < POOL_QUEUE_MS || res.headersSent) return
          queuedMs += poolMs
          res.setHeader(QUEUED_HEADER, String(queuedMs))
        },
      },
      res,
    ).finally(() => {
      slot.release()
      hooks.calling?.(-1)
    })
    if (outcome.kind !== 'client-gone') {
      const remaining = Number(res.getHeader('x-rate-limit-remaining') ?? NaN)
      hooks.observe?.({
        operation: route.operation,
        status: outcome.kind === 'response' ? outcome.status : 'error',
        seconds: (performance.now() - started) / 1000,
        remaining: Number.isFinite(remaining) ? remaining : null,
      })
    }
    if (route.isRefresh && route.companyId && outcome.kind === 'response' && outcome.status < 300)
      hooks.refreshed?.(route.companyId)
    if (outcome.kind === 'timeout') {
      log({
        type: 'upstream-timeout',
        operation: route.operation,
        during: outcome.during,
        seconds: seconds(timeoutMs),
        queuedMs,
        correlationId,
      })
      if (outcome.during === 'pool') {
        const waitedMs = slot.waitedMs + timeoutMs
        sendQueuedRefusal(res, { kind: 'pool', waitedMs }, correlationId)
      } else {
        const error =
          (outcome.during === 'headers'
            ? `Codat did not answer within ${seconds(timeoutMs)} s`
            : `Codat did not finish answering within ${seconds(timeoutMs)} s`) +
          (queuedMs >= NOTICEABLE_QUEUE_MS
            ? ` (after ${seconds(queuedMs)} s queued behind other requests)`
            : '')
        sendQueuedError(
          res,
          504,
          error,
          correlationId,
          queuedMs >= NOTICEABLE_QUEUE_MS ? queuedMs : undefined,
        )
      }
    } else if (outcome.kind === 'unreachable') {
      // The socket or parser code is for whoever reads the log, not for the screen.
      log({ type: 'upstream-error', code: outcome.code, correlationId })
      sendError(res, 502, unreachableMessage(outcome.code), correlationId)
    } else if (outcome.kind === 'not-json') {
      // The original type is for whoever reads the log; the screen gets the proxy's JSON in words.
      log({
        type: 'upstream-not-json',
        status: outcome.status,
        contentType: outcome.contentType,
        correlationId,
      })
      sendError(res, 502, 'Codat sent an answer that is not JSON', correlationId)
    }
    if (route.isRefresh) log(auditLine(route, who, outcome, ids))
  }
}

/** A refresh that never reached Codat, as the audit line names it. */
function queueOutcome(kind: 'queue-full' | 'expired' | 'cancelled') {
  if (kind === 'cancelled') return 'client-gone' as const
  return kind === 'expired' ? ('queue-expired' as const) : ('queue-full' as const)
}

function auditLine(
  route: CodatCall,
  who: Identity,
  outcome: UpstreamOutcome | { kind: 'queue-full' | 'queue-expired' },
  { correlationId, clientRequestId }: { correlationId: string; clientRequestId?: string },
) {
  let datasetId: string | null = null
  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
    try {
      const body: unknown = JSON.parse(outcome.captured.toString('utf8'))
      const id = (body as { id?: unknown } | null)?.id
      if (typeof id === 'string') datasetId = id.slice(0, 64)
    } catch {
      // 204 from refresh-all has no body; anything unparsable simply has no dataset id.
    }
  }
  return {
    type: 'audit',
    time: new Date().toISOString(),
    user: who.user,
    role: who.role,
    operation: route.operation,
    companyId: route.companyId ?? null,
    dataType: route.dataType ?? null,
    connectionId: route.connectionId ?? null,
    upstreamStatus: 'status' in outcome ? outcome.status : null,
    outcome: outcome.kind,
    datasetId,
    correlationId,
    ...(clientRequestId ? { clientRequestId } : {}),
  }
}

function pickAccept(req: IncomingMessage): string {
  const accept = req.headers.accept
  return accept && /^[\x20-\x7e]{1,256}$/.test(accept) ? accept : 'application/json'
}

/** Codat's socket and parser error codes, said in words for the person at the console. */
export function unreachableMessage(code: string): string {
  if (code.startsWith('HPE_')) return 'Codat sent an answer that is not valid HTTP'
  if (code === 'ECONNREFUSED') return 'Could not reach Codat: the connection was refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'Could not reach Codat: its address could not be looked up'
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return 'Could not reach Codat: the connection was closed before an answer came'
  if (code.startsWith('CERT_') || code.includes('TLS') || code.includes('SSL'))
    return 'Could not reach Codat: its certificate could not be verified'
  return 'Could not reach Codat'
}
