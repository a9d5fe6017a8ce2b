// Sends one allowlisted request to Codat with the key added, and streams Codat's answer back unchanged.
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { UPSTREAM_POOL_SIZE } from '../config/settings-schema.ts'

export interface UpstreamTarget {
  baseUrl: URL
  authHeader: string
  /** The whole call, from sending to the last byte of Codat's body. */
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
  /** Called when a socket of the pool is given to the call (at once, unless the pool is busy). */
  onSocket?: () => void
}

export type UpstreamOutcome =
  | { kind: 'response'; status: number; captured: Buffer }
  /** The deadline passed while waiting for a pooled socket, for Codat's headers, or for its body. */
  | { kind: 'timeout'; during: 'pool' | 'headers' | 'body' }
  | { kind: 'unreachable'; code: string }
  | { kind: 'client-gone' }
  /** Codat answered with a body that is not JSON (an HTML error page from a gateway, say). */
  | { kind: 'not-json'; status: number; contentType: string }

/**
 * An answer is held back until it is complete or this big: a Codat that stalls mid-body then still
 * gets a clean 504 in words, while a large page streams on in constant memory.
 */
const HOLD_BYTES = 256 * 1024

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
    maxSockets: UPSTREAM_POOL_SIZE,
    maxFreeSockets: UPSTREAM_POOL_SIZE,
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
    let answer: UpstreamAnswer | undefined
    let hasSocket = false
    const settle = (outcome: UpstreamOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    // One deadline for the whole call: a Codat that drips its body cannot hold a pooled socket.
    const timer = setTimeout(() => {
      current?.destroy()
      if (answer?.isCommitted()) res.destroy()
      settle({ kind: 'timeout', during: answer ? 'body' : hasSocket ? 'headers' : 'pool' })
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
      outgoing.once('socket', () => {
        if (hasSocket) return
        hasSocket = true
        call.onSocket?.()
      })
      outgoing.on('response', (upstream) => {
        if (settled) return upstream.destroy()
        answer = relay(upstream, res, call, settle)
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

interface UpstreamAnswer {
  /** Headers (and some body) have gone to the browser: a late failure can only cut it off. */
  isCommitted(): boolean
}

function relay(
  upstream: IncomingMessage,
  res: ServerResponse,
  call: UpstreamCall,
  settle: (outcome: UpstreamOutcome) => void,
): UpstreamAnswer {
  const status = upstream.statusCode ?? 502
  const contentType = upstream.headers['content-type'] ?? ''
  let committed = false
  if (hasBody(status, upstream) && !isJson(contentType)) {
    // Only JSON reaches the browser: anything else is dropped here and answered in words upstream.
    upstream.resume()
    settle({ kind: 'not-json', status, contentType: contentType.slice(0, 100) || 'none' })
    return { isCommitted: () => false }
  }
  const captured: Buffer[] = []
  let capturedBytes = 0
  let held: Buffer[] = []
  let heldBytes = 0
  const commit = () => {
    committed = true
    res.statusCode = status
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers[name]
      if (value !== undefined) res.setHeader(name, value)
    }
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('X-Request-Id', call.correlationId)
    for (const chunk of held) res.write(chunk)
    held = []
  }
  upstream.on('data', (chunk: Buffer) => {
    if (call.captureBytes && capturedBytes < call.captureBytes) {
      captured.push(chunk)
      capturedBytes += chunk.length
    }
    if (res.destroyed) return
    if (!committed) {
      held.push(chunk)
      heldBytes += chunk.length
      if (heldBytes < HOLD_BYTES) return
      commit()
      if (res.writableNeedDrain) upstream.pause()
      return
    }
    if (!res.write(chunk)) upstream.pause()
  })
  res.on('drain', () => upstream.resume())
  upstream.on('end', () => {
    if (!committed && !res.destroyed) commit()
    res.end()
    settle({ kind: 'response', status, captured: Buffer.concat(captured) })
  })
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    // Cut mid-body: a browser that has the headers can only be cut off too; one that has not
    // yet seen anything gets the proxy's 502 in words.
    if (!committed) return settle({ kind: 'unreachable', code: error.code ?? 'ECONNRESET' })
    res.destroy()
    settle({ kind: 'response', status, captured: Buffer.concat(captured) })
  })
  return { isCommitted: () => committed }
}

function hasBody(status: number, upstream: IncomingMessage): boolean {
  return status !== 204 && status !== 304 && upstream.headers['content-length'] !== '0'
}

/** application/json and its +json relatives (problem+json), with any parameters. */
function isJson(contentType: string): boolean {
  return /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType.trim())
}
