// The live-mode middleware: security headers, access log, sign-in, then one router for the console's own routes and the Codat allowlist.
import { randomUUID } from 'node:crypto'
import type { Agent } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { clientAddress } from './http/client-address.ts'
import { createCodatRoutes, refuseUnlistedApiPath } from './codat/codat-routes.ts'
import type { ConsoleSettings } from './config/settings.ts'
import { sendError } from './http/json-answers.ts'
import { createCodatForwarder, type ForwarderHooks } from './codat/codat-forwarder.ts'
import type { ConsoleRoute, Identity, Logger } from './http/console-route.ts'
import { CONSOLE_ROUTES } from './console-routes.ts'
import { createRouter } from './http/router.ts'
import { runRoute } from './http/run-route.ts'
import { createSignIn } from './auth/sign-in.ts'
import { setSecurityHeaders } from './http/security-headers.ts'
import { createUpstreamAgent } from './codat/upstream.ts'

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
  /** Console routes that need a running service, after CONSOLE_ROUTES, before the Codat allowlist. */
  routes?: readonly ConsoleRoute[]
  /** Metrics and the fleet hear about forwarded calls and accepted refreshes. */
  forwarderHooks?: ForwarderHooks
}

const HEADER_LIMIT = 12 * 1024
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/

/**
 * Mount first, in front of the pages too: it signs every request in (except routes declared
 * `signIn: 'none'`), answers the console's routes and /api/* itself and calls next() for the rest.
 * Nothing outside the allowlist reaches Codat.
 */
export function createProxy(settings: ConsoleSettings, options: ProxyOptions = {}): ConsoleProxy {
  const writeLine = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const log: Logger = (entry) => writeLine(JSON.stringify(entry))
  const agent = options.agent ?? createUpstreamAgent(settings.baseUrl)
  const signIn = createSignIn(settings, log)
  const sendToCodat = createCodatForwarder(settings, agent, log, options.forwarderHooks)
  const router = createRouter([
    ...CONSOLE_ROUTES,
    ...(options.routes ?? []),
    ...createCodatRoutes(sendToCodat),
  ])

  async function handle(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/'
    const isApi = pathname === '/api' || pathname.startsWith('/api/')
    const match = router.match(req.method ?? 'GET', pathname)
    const isOwn = isApi || match !== undefined
    const correlationId = randomUUID()
    const clientRequestId = pickClientRequestId(req)
    const address = clientAddress(req, settings.trustProxy)
    const started = performance.now()
    setSecurityHeaders(res, { csp: isOwn || options.pageCsp !== false })
    if (isOwn) res.setHeader('X-Request-Id', correlationId)
    let identity: Identity | null = null
    if (isOwn || options.logPages) {
      res.once('close', () => {
        const ms = Math.round((performance.now() - started) * 10) / 10
        const status = res.writableFinished ? res.statusCode : 499
        const user = identity?.user ?? null
        const path = pathname.slice(0, 200)
        log({
          type: 'access',
          method: req.method,
          path,
          status,
          ms,
          user,
          address,
          correlationId,
          ...(clientRequestId ? { clientRequestId } : {}),
        })
      })
    }

    if (isOwn && headerBytes(req) > HEADER_LIMIT) {
      return sendError(res, 431, 'Request headers too large', correlationId)
    }
    const shared = {
      req,
      res,
      settings,
      log,
      correlationId,
      ...(clientRequestId ? { clientRequestId } : {}),
      address,
    }
    if (match?.route.signIn === 'none') return runRoute({ ...shared, match, identity: null })
    const who = await signIn(req, res, address, correlationId)
    if (!who) return
    identity = who
    if (match) return runRoute({ ...shared, match, identity: who })
    if (!isApi) return next()
    return refuseUnlistedApiPath(res, pathname, correlationId)
  }

  const middleware: Middleware = (req, res, next) => {
    handle(req, res, next).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'Console proxy error', randomUUID())
      else res.destroy()
      log({ type: 'error', message: error instanceof Error ? error.message : 'unknown' })
    })
  }
  return Object.assign(middleware, { close: () => agent.destroy() })
}

/** A client's own request ID is kept beside the console's, never in its place. */
function pickClientRequestId(req: IncomingMessage): string | undefined {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && CLIENT_ID_PATTERN.test(given) ? given : undefined
}

function headerBytes(req: IncomingMessage): number {
  return req.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0)
}
