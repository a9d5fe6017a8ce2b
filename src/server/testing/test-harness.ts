// Test-only helpers: a recording fake Codat, the proxy on a loopback port, a rig of both for one
// test file, and a raw HTTP client.
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { http, passthrough } from 'msw'
import type { SetupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { server as mswServer } from '../../mocks/node.ts'
import { loadConfig, type Env, type ConsoleSettings } from '../config/settings.ts'
import { createProxy, type ConsoleProxy, type ProxyOptions } from '../proxy.ts'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface FakeCodat {
  url: string
  requests: RecordedRequest[]
  respond: (req: IncomingMessage, res: ServerResponse) => void
  close(): Promise<void>
}

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/**
 * The unit-test setup runs msw with onUnhandledRequest 'error', and msw patches node:http in this
 * process; real loopback traffic to our own servers is let through explicitly, per test.
 */
export function allowLoopback(server: SetupServer): void {
  server.use(http.all(/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//, () => passthrough()))
}

/** The simulated Codat on a loopback port, let through msw, and a console's settings for it. */
export async function startLoopbackSim(
  server: SetupServer,
): Promise<{ sim: SimServer; env: { CODAT_API_KEY: string; CODAT_BASE_URL: string } }> {
  allowLoopback(server)
  const sim = await startSimServer({ port: 0 })
  return { sim, env: { CODAT_API_KEY: 'test-key', CODAT_BASE_URL: sim.url } }
}

export async function startFakeCodat(): Promise<FakeCodat> {
  const fake: FakeCodat = {
    url: '',
    requests: [],
    respond: (_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ ok: true }))
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      fake.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      })
      fake.respond(req, res)
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

export interface ProxyServer {
  url: string
  logs: string[]
  settings: ConsoleSettings
  proxy: ConsoleProxy
  close(): Promise<void>
}

export async function startProxyServer(
  env: Env,
  options: Omit<ProxyOptions, 'log'> = {},
): Promise<ProxyServer> {
  const result = loadConfig(env)
  if (!result.ok) throw new Error(result.errors.join('\n'))
  const logs: string[] = []
  const proxy = createProxy(result.config, { ...options, log: (line) => logs.push(line) })
  const server = createServer((req, res) =>
    proxy(req, res, () => {
      res.setHeader('Content-Type', 'text/html')
      res.end('<!doctype html><title>page</title>')
    }),
  )
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    settings: result.config,
    proxy,
    close: () =>
      new Promise((done) => {
        proxy.close()
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

export interface ProxyRig {
  /** The fake Codat every console of this file forwards to; started before the first test. */
  readonly codat: FakeCodat
  /** A console in front of that fake Codat (its URL and nothing else set for you). */
  startProxy(env: Env, options?: Omit<ProxyOptions, 'log'>): Promise<ProxyServer>
}

/**
 * A fake Codat and the consoles in front of it, for one test file: the fake Codat starts before
 * the file's tests, everything closes after them, and before each test loopback traffic is let
 * through msw and the fake Codat's record is emptied. Call at the top of the file.
 */
export function setupProxyRig(): ProxyRig {
  let codat: FakeCodat | undefined
  const proxies: ProxyServer[] = []
  beforeAll(async () => {
    codat = await startFakeCodat()
  })
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()))
    await codat?.close()
  })
  beforeEach(() => {
    allowLoopback(mswServer)
    if (codat) codat.requests.length = 0
  })
  const started = () => {
    if (!codat)
      throw new Error('setupProxyRig: the fake Codat starts in beforeAll; use it in a test')
    return codat
  }
  return {
    get codat() {
      return started()
    },
    async startProxy(env, options) {
      const proxy = await startProxyServer({ CODAT_BASE_URL: started().url, ...env }, options)
      proxies.push(proxy)
      return proxy
    },
  }
}

/** node:http keeps the path exactly as written, so path tricks reach the proxy unnormalised. */
export function send(
  base: string,
  path: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, method, headers, agent: false }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      )
      res.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

export function errorOf(reply: Reply): string {
  return String((JSON.parse(reply.body) as { error?: unknown }).error)
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
}

/**
 * Sends a request's head and one 1 KiB chunk of a chunked body, then a byte every 100 ms, never
 * ending: a slow client that would hold a socket. Resolves with what came back, when the answer
 * began and when the socket closed; rejects if it is still open after `giveUpMs`.
 */
export function openEndedRequest(
  url: string,
  head: string,
  giveUpMs: number,
): Promise<{ answer: string; answeredMs: number; closedMs: number }> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(Number(port), '127.0.0.1')
    let answer = ''
    let answeredMs = -1
    const drip = setInterval(() => {
      if (socket.writable) socket.write('1\r\nx\r\n')
    }, 100)
    const giveUp = setTimeout(() => {
      clearInterval(drip)
      socket.destroy()
      reject(new Error(`socket still open after ${giveUpMs} ms; got: ${answer.slice(0, 200)}`))
    }, giveUpMs)
    socket.on('data', (chunk: Buffer) => {
      if (answeredMs < 0) answeredMs = Date.now() - started
      answer += chunk.toString()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(giveUp)
      clearInterval(drip)
      resolve({ answer, answeredMs, closedMs: Date.now() - started })
    })
    socket.write(`${head}Transfer-Encoding: chunked\r\n\r\n400\r\n${'x'.repeat(0x400)}\r\n`)
  })
}
