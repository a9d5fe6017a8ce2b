// The Codat allowlist behind the console's own routes: checks a /api call, forwards it, audits refreshes.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Agent } from 'node:http'
import { matchApiRoute, type RouteMatch } from '../api-routes.ts'
import type { ProxyConfig } from '../config.ts'
import { isCrossOriginRequest } from '../cross-origin.ts'
import { sendError } from '../http-json.ts'
import { forwardToCodat, type UpstreamOutcome } from '../upstream.ts'
import type { Identity, Logger } from './console-route.ts'
import { readBody } from './request-body.ts'

const BODY_LIMIT = 1024
const AUDIT_CAPTURE = 64 * 1024

export type CodatForwarder = (
  req: IncomingMessage,
  res: ServerResponse,
  who: Identity,
  ids: RequestIds,
) => Promise<void>

/** What the fleet and the metrics learn from calls the console forwards. */
export interface ForwarderHooks {
  observe?: (sample: {
    operation: string
    status: number | 'error'
    seconds: number
    remaining: number | null
  }) => void
  /** A refresh Codat accepted: the fleet reads the company again. */
  refreshed?: (companyId: string) => void
}

/** The console's own ID for a request, and the client's X-Request-Id when it sent a usable one. */
export interface RequestIds {
  correlationId: string
  clientRequestId?: string
}

export function createCodatForwarder(
  config: ProxyConfig,
  agent: Agent,
  log: Logger,
  hooks: ForwarderHooks = {},
): CodatForwarder {
  const target = {
    baseUrl: config.baseUrl,
    authHeader: config.authHeader,
    timeoutMs: config.timeoutMs,
    agent,
  }
  return async (req, res, who, ids) => {
    const { correlationId } = ids
    const method = req.method ?? 'GET'
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && isCrossOriginRequest(req)) {
      return sendError(res, 403, 'Cross-origin request refused', correlationId)
    }
    const route = matchApiRoute(method, req.url ?? '/')
    if (route.kind === 'reject') {
      const headers: Record<string, string> = route.allow ? { Allow: route.allow } : {}
      return sendError(res, route.status, route.error, correlationId, headers)
    }
    // The allowlisted calls carry no body; anything over a small cap is refused, not forwarded.
    if ((await readBody(req, BODY_LIMIT)) === 'too-large') {
      return sendError(res, 413, `Request body over ${BODY_LIMIT} bytes`, correlationId, {
        Connection: 'close',
      })
    }
    if (route.isRefresh && config.readOnly) {
      return sendError(
        res,
        403,
        'This console is read-only (CONSOLE_READ_ONLY): refreshes are turned off',
        correlationId,
      )
    }
    if (route.isRefresh && who.role !== 'operator') {
      return sendError(
        res,
        403,
        `Your role (${who.role}) can view data but not refresh it`,
        correlationId,
      )
    }

    const started = performance.now()
    const outcome = await forwardToCodat(
      target,
      {
        method: route.isRefresh ? 'POST' : 'GET',
        path: route.upstreamPath,
        accept: pickAccept(req),
        correlationId,
        ...(route.isRefresh ? { captureBytes: AUDIT_CAPTURE } : {}),
      },
      res,
    )
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
      const seconds = config.timeoutMs / 1000
      log({
        type: 'upstream-timeout',
        operation: route.operation,
        during: outcome.during,
        seconds,
        correlationId,
      })
      const error =
        outcome.during === 'headers'
          ? `Codat did not answer within ${seconds} s`
          : `Codat did not finish answering within ${seconds} s`
      sendError(res, 504, error, correlationId)
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

function auditLine(
  route: RouteMatch,
  who: Identity,
  outcome: UpstreamOutcome,
  { correlationId, clientRequestId }: RequestIds,
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
