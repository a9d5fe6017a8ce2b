// The simulated Codat as a real HTTP server on loopback, answering with the same msw handlers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { codatError } from './codat-responses.ts'
import { createHandlers } from './handlers.ts'
import { createSimLimits, type SimLimitOptions, type SimLimits } from './sim-limits.ts'
import { createWorld, type SimWorld } from './world.ts'

export interface SimServerOptions {
  port: number
  host?: string
  /** When set, only `Authorization: Basic base64(apiKey)` is accepted; otherwise any Basic key. */
  apiKey?: string
  world?: SimWorld
  /** Codat-like rate limits (429 + Retry-After, X-Rate-Limit-*); off unless given. */
  limits?: SimLimitOptions
  /** Answers Codat paths after this long, like a real network and API would. */
  latencyMs?: number
}

/** One request the simulation answered (its controls, /_sim/…, are not kept). */
export interface SimRequest {
  method: string
  path: string
  status: number
  /** Epoch ms: when it arrived and when its answer went out. */
  startedAt: number
  answeredAt: number
  retryAfter: string | null
}

/** The most requests the log keeps: the latest ones. */
const REQUEST_LOG_SIZE = 50_000

export interface SimServer {
  /** e.g. `http://127.0.0.1:4010`, the stand-in for https://api.codat.io */
  url: string
  /** Codat requests as answered, oldest first, for tests that check timing and counts. */
  requests(): SimRequest[]
  close(): Promise<void>
  world: SimWorld
  /** Present when limits are on. */
  limits?: SimLimits
}

// Requests are matched on this fixed origin, so the Host header never affects routing.
const ORIGIN = 'http://codat.sim'

/** Codat takes `Basic <base64 of the key>`; an exact key is required only when one is set. */
export function basicAuth(apiKey?: string): (header: string | null) => boolean {
  const expected =
    apiKey === undefined ? undefined : `Basic ${Buffer.from(apiKey).toString('base64')}`
  return (header) =>
    expected === undefined ? /^Basic \S+$/.test(header?.trim() ?? '') : header === expected
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length ? Buffer.concat(chunks) : undefined
}

function toRequest(req: IncomingMessage, body: Buffer | undefined): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return new Request(new URL(req.url ?? '/', ORIGIN), {
    method: req.method ?? 'GET',
    headers,
    ...(body && { body: new Uint8Array(body) }),
  })
}

async function send(
  res: ServerResponse,
  response: Response,
  extra: Record<string, string> = {},
): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  // The limits' own quota headers replace the world's when limits are on.
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value
  const body = Buffer.from(await response.arrayBuffer())
  if (response.status !== 204) headers['content-length'] = String(body.length)
  res.writeHead(response.status, headers)
  res.end(response.status === 204 ? undefined : body)
}

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const world = options.world ?? createWorld()
  const handlers = createHandlers(world, { basePath: '', auth: basicAuth(options.apiKey) })
  const limits = options.limits ? createSimLimits(options.limits) : undefined
  const log: SimRequest[] = []
  const server = createServer((req, res) => {
    const startedAt = Date.now()
    if (!req.url?.startsWith('/_sim/'))
      res.once('finish', () => {
        log.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status: res.statusCode,
          startedAt,
          answeredAt: Date.now(),
          retryAfter: (res.getHeader('retry-after') as string | undefined) ?? null,
        })
        if (log.length > REQUEST_LOG_SIZE) log.splice(0, log.length - REQUEST_LOG_SIZE)
      })
    void (async () => {
      try {
        // The simulation's own controls (/_sim/…) are not Codat, so they are never limited.
        const admission = req.url?.startsWith('/_sim/') ? undefined : limits?.admit()
        if (admission && !admission.ok) {
          await send(res, codatError(429, 'PublicApi', admission.message), admission.headers)
          return
        }
        if (admission) res.once('close', admission.release)
        if (options.latencyMs && !req.url?.startsWith('/_sim/'))
          await new Promise((resolve) => setTimeout(resolve, options.latencyMs))
        const request = toRequest(req, await readBody(req))
        const response =
          (await getResponse(handlers, request, { baseUrl: ORIGIN })) ??
          codatError(404, 'PublicApi', `No route matches ${request.method} ${req.url ?? '/'}`)
        await send(res, response, admission?.headers)
      } catch (error) {
        // A bug in the simulation should look like Codat failing, not hang the client.
        console.error('Simulated Codat failed to answer', error)
        if (!res.headersSent) await send(res, codatError(500, 'PublicApi', 'Simulation error'))
        else res.destroy()
      }
    })()
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${port}`,
    world,
    requests: () => [...log],
    ...(limits && { limits }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
