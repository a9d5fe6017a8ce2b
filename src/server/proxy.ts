// The live-mode middleware: security headers, sign-in, /healthz, /api/session and the allowlisted Codat proxy.
import { randomUUID } from 'node:crypto'
import type { Agent } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { matchApiRoute, type RouteMatch } from './api-routes.ts'
import { createCredentialChecker, REALM } from './basic-auth.ts'
import type { ProxyConfig } from './config.ts'
import type { Role } from './console-users.ts'
import { isCrossOriginRequest } from './cross-origin.ts'
import { sendError, sendJson } from './http-json.ts'
import { setSecurityHeaders } from './security-headers.ts'
import { createUpstreamAgent, forwardToCodat, type UpstreamOutcome } from './upstream.ts'

export type Next = (error?: unknown) => void
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void
export type ConsoleProxy = Middleware & { close(): void }

export interface ProxyOptions {
  /** One line per call: access lines and audit lines, both JSON. Defaults to stdout. */
  log?: (line: string) => void
  /** Content-Security-Policy on pages; the Vite dev server turns it off (inline HMR script). */
  pageCsp?: boolean
  /** Also log requests that pass through to the pages (npm start does; the dev server would flood). */
  logPages?: boolean
  agent?: Agent
}

interface Identity {
  user: string | null
  role: Role
}

const BODY_LIMIT = 1024
const HEADER_LIMIT = 12 * 1024
const AUDIT_CAPTURE = 64 * 1024
const CORRELATION_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/

/**
 * Mount first, in front of the pages too: it signs every request in (except /healthz), answers
 * /api/* itself and calls next() for everything else. Nothing outside the allowlist reaches Codat.
 */
export function createProxy(config: ProxyConfig, options: ProxyOptions = {}): ConsoleProxy {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const agent = options.agent ?? createUpstreamAgent(config.baseUrl)
  const checker = config.users.length > 0 ? createCredentialChecker(config.users) : undefined
  const target = {
    baseUrl: config.baseUrl,
    authHeader: config.authHeader,
    timeoutMs: config.timeoutMs,
    agent,
  }

  async function authenticate(req: IncomingMessage): Promise<Identity | 'denied' | 'busy'> {
    if (!checker) return { user: null, role: 'operator' }
    const result = await checker.check(req.headers.authorization)
    if (result.kind === 'ok') return { user: result.user.name, role: result.user.role }
    return result.kind
  }

  async function handle(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const url = req.url ?? '/'
    const pathname = url.split('?')[0] ?? '/'
    const isApi = pathname === '/api' || pathname.startsWith('/api/')
    const correlationId = pickCorrelationId(req)
    const started = performance.now()
    setSecurityHeaders(res, { csp: isApi || options.pageCsp !== false })
    const identity: { current?: Identity } = {}
    if (isApi || pathname === '/healthz' || options.logPages) {
      res.once('close', () => {
        const ms = Math.round((performance.now() - started) * 10) / 10
        const status = res.writableFinished ? res.statusCode : 499
        const user = identity.current?.user ?? null
        const path = pathname.slice(0, 200)
        log(
          JSON.stringify({
            type: 'access',
            method: req.method,
            path,
            status,
            ms,
            user,
            correlationId,
          }),
        )
      })
    }

    if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return sendJson(res, 200, { status: 'ok' })
    }
    if (isApi && headerBytes(req) > HEADER_LIMIT) {
      return sendError(res, 431, 'Request headers too large', correlationId)
    }
    const who = await authenticate(req)
    if (who === 'busy') {
      return sendError(res, 503, 'Too many sign-in attempts at once; try again', correlationId, {
        'Retry-After': '1',
      })
    }
    if (who === 'denied') {
      return sendError(
        res,
        401,
        'Sign in with your console user name and password',
        correlationId,
        {
          'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"`,
        },
      )
    }
    identity.current = who
    if (!isApi) return next()

    if (pathname === '/api/session') {
      if (req.method !== 'GET')
        return sendError(res, 405, 'Use GET', correlationId, { Allow: 'GET' })
      return sendJson(res, 200, {
        user: who.user,
        role: who.role,
        readOnly: config.readOnly,
        mode: 'live',
      })
    }
    const method = req.method ?? 'GET'
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && isCrossOriginRequest(req)) {
      return sendError(res, 403, 'Cross-origin request refused', correlationId)
    }
    const route = matchApiRoute(method, url)
    if (route.kind === 'reject') {
      const headers: Record<string, string> = route.allow ? { Allow: route.allow } : {}
      return sendError(res, route.status, route.error, correlationId, headers)
    }
    if (!(await bodyWithinLimit(req))) {
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
    if (outcome.kind === 'timeout') {
      const seconds = config.timeoutMs / 1000
      sendError(res, 504, `Codat did not answer within ${seconds} s`, correlationId)
    } else if (outcome.kind === 'unreachable') {
      sendError(res, 502, `Could not reach Codat (${outcome.code})`, correlationId)
    }
    if (route.isRefresh) log(JSON.stringify(auditLine(route, who, outcome, correlationId)))
  }

  const middleware: Middleware = (req, res, next) => {
    handle(req, res, next).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'Console proxy error', pickCorrelationId(req))
      else res.destroy()
      log(
        JSON.stringify({
          type: 'error',
          message: error instanceof Error ? error.message : 'unknown',
        }),
      )
    })
  }
  return Object.assign(middleware, { close: () => agent.destroy() })
}

function auditLine(
  route: RouteMatch,
  who: Identity,
  outcome: UpstreamOutcome,
  correlationId: string,
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
    upstreamStatus: outcome.kind === 'response' ? outcome.status : null,
    outcome: outcome.kind,
    datasetId,
    correlationId,
  }
}

function pickCorrelationId(req: IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && CORRELATION_PATTERN.test(given) ? given : randomUUID()
}

function pickAccept(req: IncomingMessage): string {
  const accept = req.headers.accept
  return accept && /^[\x20-\x7e]{1,256}$/.test(accept) ? accept : 'application/json'
}

function headerBytes(req: IncomingMessage): number {
  return req.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0)
}

/** The allowlisted calls carry no body; anything over a small cap is refused, not forwarded. */
function bodyWithinLimit(req: IncomingMessage): Promise<boolean> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > BODY_LIMIT) return Promise.resolve(false)
  if (declared === 0 && req.headers['transfer-encoding'] === undefined) return Promise.resolve(true)
  return new Promise((resolve) => {
    let received = 0
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > BODY_LIMIT) {
        req.removeAllListeners('data')
        req.pause()
        resolve(false)
      }
    })
    req.on('end', () => resolve(received <= BODY_LIMIT))
    req.on('error', () => resolve(false))
  })
}
