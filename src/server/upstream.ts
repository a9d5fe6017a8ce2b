// Sends one allowlisted request to Codat with the key added, and streams Codat's answer back unchanged.
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export interface UpstreamTarget {
  baseUrl: URL
  authHeader: string
  timeoutMs: number
  agent: HttpAgent
}

export interface UpstreamCall {
  method: 'GET' | 'POST'
  /** Validated path and query from the allowlist, e.g. `/companies/{id}/dataStatus`. */
  path: string
  accept: string
  correlationId: string
  /** Keep up to this many bytes of the body (for the audit line); the client still gets all of it. */
  captureBytes?: number
}

export type UpstreamOutcome =
  | { kind: 'response'; status: number; captured: Buffer }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; code: string }
  | { kind: 'client-gone' }
  /** Codat answered with a body that is not JSON (an HTML error page from a gateway, say). */
  | { kind: 'not-json'; status: number; contentType: string }

// Codat's answer headers that matter to the console; everything else (cookies, servers) stays behind.
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'retry-after',
  'x-rate-limit-limit',
  'x-rate-limit-remaining',
  'x-rate-limit-reset',
  'etag',
  'last-modified',
]

/** Codat allows 10 concurrent requests per connected company; keep a warm, bounded pool. */
export function createUpstreamAgent(baseUrl: URL): HttpAgent {
  const options = {
    keepAlive: true,
    maxSockets: 10,
    maxFreeSockets: 10,
    scheduling: 'lifo' as const,
  }
  return baseUrl.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options)
}

export function forwardToCodat(
  target: UpstreamTarget,
  call: UpstreamCall,
  res: ServerResponse,
): Promise<UpstreamOutcome> {
  return new Promise((resolve) => {
    let settled = false
    const settle = (outcome: UpstreamOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      current?.destroy()
      settle({ kind: 'timeout' })
    }, target.timeoutMs)
    let current: ReturnType<typeof httpRequest> | undefined
    res.once('close', () => {
      // A refresh the browser left mid-way still finishes at Codat, so the audit line has its outcome.
      if (!res.writableFinished && call.method !== 'POST') {
        current?.destroy()
        settle({ kind: 'client-gone' })
      }
    })

    const send = (attempt: number) => {
      const request = target.baseUrl.protocol === 'https:' ? httpsRequest : httpRequest
      const outgoing = request({
        protocol: target.baseUrl.protocol,
        hostname: target.baseUrl.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.baseUrl.port || undefined,
        path: target.baseUrl.pathname.replace(/\/+$/, '') + call.path,
        method: call.method,
        agent: target.agent,
        headers: {
          Authorization: target.authHeader,
          Accept: call.accept,
          'User-Agent': 'codat-refresh-console-proxy',
          'X-Request-Id': call.correlationId,
          ...(call.method === 'POST' ? { 'Content-Length': '0' } : {}),
        },
      })
      current = outgoing
      outgoing.on('response', (upstream) => {
        clearTimeout(timer)
        relay(upstream, res, call, target.timeoutMs, settle)
      })
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        if (settled) return
        // A kept-alive socket Codat already closed: safe to try a read again once.
        if (
          outgoing.reusedSocket &&
          error.code === 'ECONNRESET' &&
          call.method === 'GET' &&
          attempt === 0
        )
          return send(1)
        settle({ kind: 'unreachable', code: error.code ?? 'ERROR' })
      })
      outgoing.end()
    }
    send(0)
  })
}

function relay(
  upstream: IncomingMessage,
  res: ServerResponse,
  call: UpstreamCall,
  idleMs: number,
  settle: (outcome: UpstreamOutcome) => void,
): void {
  const status = upstream.statusCode ?? 502
  const contentType = upstream.headers['content-type'] ?? ''
  if (hasBody(status, upstream) && !isJson(contentType)) {
    // Only JSON reaches the browser: anything else is dropped here and answered in words upstream.
    upstream.resume()
    settle({ kind: 'not-json', status, contentType: contentType.slice(0, 100) || 'none' })
    return
  }
  const captured: Buffer[] = []
  let capturedBytes = 0
  res.statusCode = status
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers[name]
    if (value !== undefined) res.setHeader(name, value)
  }
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('X-Request-Id', call.correlationId)
  upstream.setTimeout(idleMs, () => {
    upstream.destroy()
    res.destroy()
  })
  upstream.on('data', (chunk: Buffer) => {
    if (call.captureBytes && capturedBytes < call.captureBytes) {
      captured.push(chunk)
      capturedBytes += chunk.length
    }
    if (!res.destroyed && !res.write(chunk)) upstream.pause()
  })
  res.on('drain', () => upstream.resume())
  upstream.on('end', () => {
    res.end()
    settle({ kind: 'response', status, captured: Buffer.concat(captured) })
  })
  upstream.on('error', () => {
    res.destroy()
    settle({ kind: 'response', status, captured: Buffer.concat(captured) })
  })
}

function hasBody(status: number, upstream: IncomingMessage): boolean {
  return status !== 204 && status !== 304 && upstream.headers['content-length'] !== '0'
}

/** application/json and its +json relatives (problem+json), with any parameters. */
function isJson(contentType: string): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType.trim())
}
