// msw handlers for the 8 Codat operations plus the simulation's control routes, over one world.
import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import { codatError, rateLimitHeaders } from './codat-responses.ts'
import { formatCodatDate } from './codat-dates.ts'
import { DEFAULT_DELAY_MS, DEFAULT_RETRY_AFTER_SECONDS, parseFault } from './faults.ts'
import { companyRoutes } from './company-routes.ts'
import { MAX_FLEET_SIZE } from './demo-persistence.ts'
import { refreshRoutes } from './refresh-routes.ts'
import type { Route } from './route.ts'
import { generatedCountFor } from './seed.ts'
import { parseSimOptions } from './sim-options.ts'
import type { SimWorld } from './world.ts'

export interface HandlerOptions {
  /** Prefix of every route: '/api' behind the console's proxy, '' for Codat's own paths. */
  basePath?: string
  /** When given, requests it rejects get Codat's 401 (the loopback HTTP server uses this). */
  auth?: (authorizationHeader: string | null) => boolean
}

const BROKEN_JSON = '{"results":[{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":"Compl'

function controlRoutes(): Route[] {
  return [
    {
      method: 'get',
      path: '/_sim/faults',
      isControl: true,
      resolve: ({ world }) => HttpResponse.json(world.fault),
    },
    {
      method: 'put',
      path: '/_sim/faults',
      isControl: true,
      resolve: async ({ request, world }) => {
        const fault = parseFault(await request.json().catch(() => undefined))
        if (typeof fault === 'string') return codatError(400, 'PublicApi', fault)
        world.setFault(fault)
        return HttpResponse.json(fault)
      },
    },
    {
      method: 'get',
      path: '/_sim/options',
      isControl: true,
      resolve: ({ world }) => HttpResponse.json(world.options),
    },
    {
      method: 'put',
      path: '/_sim/options',
      isControl: true,
      resolve: async ({ request, world }) => {
        const body: unknown = await request.json().catch(() => undefined)
        const options = parseSimOptions(body, world.options)
        if (typeof options === 'string') return codatError(400, 'PublicApi', options)
        world.setOptions(options)
        return HttpResponse.json(options)
      },
    },
    {
      method: 'post',
      path: '/_sim/reset',
      isControl: true,
      resolve: async ({ request, world }) => {
        // Optional body {"companies": N}: a fleet of N companies in all, hand-made ones included.
        const body: unknown = await request.json().catch(() => undefined)
        const total =
          typeof body === 'object' && body !== null && 'companies' in body
            ? body.companies
            : undefined
        if (total === undefined) {
          world.reset()
          return new HttpResponse(null, { status: 204 })
        }
        if (
          !Number.isInteger(total) ||
          (total as number) < 0 ||
          (total as number) > MAX_FLEET_SIZE
        ) {
          return codatError(
            400,
            'PublicApi',
            `"companies" must be a whole number from 0 to ${MAX_FLEET_SIZE}`,
          )
        }
        world.reset(generatedCountFor(total as number))
        return new HttpResponse(null, { status: 204 })
      },
    },
    {
      method: 'post',
      path: '/_sim/advance',
      isControl: true,
      resolve: async ({ request, world }) => {
        const body: unknown = await request.json().catch(() => undefined)
        const ms = typeof body === 'object' && body !== null && 'ms' in body ? body.ms : undefined
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
          return codatError(
            400,
            'PublicApi',
            'The body must be {"ms": <milliseconds to move forward>}',
          )
        }
        world.advance(ms)
        return HttpResponse.json({ now: formatCodatDate(world.now()) })
      },
    },
  ]
}

/** Answers a faulted request, or returns undefined to let it through (after any delay). */
async function applyFault(world: SimWorld, path: string): Promise<Response | undefined> {
  const fault = world.takeFault(path)
  if (!fault) return undefined
  switch (fault.mode) {
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS
      return codatError(
        429,
        'PublicApi',
        'You have made too many requests in a given amount of time; please retry later.',
        { 'Retry-After': String(seconds) },
      )
    }
    case 'server-error':
      return codatError(500, 'PublicApi', 'An unexpected error occurred. Please try again later.')
    case 'unavailable':
      return codatError(
        503,
        'PublicApi',
        'The service is temporarily unavailable. Please try again later.',
      )
    case 'malformed':
      return new HttpResponse(BROKEN_JSON, {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      })
    case 'slow':
      await delay(fault.delayMs ?? DEFAULT_DELAY_MS)
      return undefined
    case 'none':
      return undefined
  }
}

export function createHandlers(world: SimWorld, options: HandlerOptions = {}): HttpHandler[] {
  const base = options.basePath ?? '/api'
  const routes = [...controlRoutes(), ...companyRoutes(), ...refreshRoutes()]
  const handle = async (
    request: Request,
    params: Readonly<Record<string, string>>,
    route: Route | undefined,
  ): Promise<Response> => {
    const limits = world.countRequest()
    const url = new URL(request.url)
    const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname
    let response: Response | undefined
    if (options.auth && !options.auth(request.headers.get('Authorization'))) {
      response = codatError(
        401,
        'PublicApi',
        'Unauthorized: send your API key as "Authorization: Basic <base64 key>".',
      )
    } else if (!route?.isControl) {
      response = await applyFault(world, path)
    }
    response ??= route
      ? await route.resolve({ request, url, params, world })
      : codatError(404, 'PublicApi', `No route matches ${request.method} ${path}`)
    const headers = rateLimitHeaders(response.status === 429 ? { ...limits, remaining: 0 } : limits)
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
    return response
  }
  const toStrings = (params: Record<string, string | readonly string[] | undefined>) =>
    Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value ?? '')]))
  return [
    ...routes.map((route) =>
      http[route.method](`${base}${route.path}`, ({ request, params }) =>
        handle(request, toStrings(params), route),
      ),
    ),
    // Anything else under the base answers like Codat's unknown paths, not as a network error.
    http.all(`${base}/*`, ({ request }) => handle(request, {}, undefined)),
  ]
}
