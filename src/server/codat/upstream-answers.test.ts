// @vitest-environment node
// What the proxy makes of awkward Codat answers: non-JSON bodies, dripping bodies, and refreshes the browser left.
import { request } from 'node:http'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  errorOf,
  send,
  setupProxyRig,
  type FakeCodat,
  type ProxyServer,
} from '../testing/test-harness.ts'

const C = '8a210b68-6988-11ed-a1eb-0242ac120002'

const rig = setupProxyRig()
let codat: FakeCodat
let proxy: ProxyServer

function logLines(): Record<string, unknown>[] {
  return proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
}

beforeAll(async () => {
  codat = rig.codat
  proxy = await rig.startProxy({ CODAT_API_KEY: 'sk-test-ANSWERS-1', CODAT_TIMEOUT_MS: '400' })
})
beforeEach(() => {
  proxy.logs.length = 0
})

describe('content types', () => {
  it('turns an HTML page from Codat into a JSON 502 in words, the type only in the log', async () => {
    codat.respond = (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end('<html><body><h1>Service Unavailable</h1><script>alert(1)</script></body></html>')
    }
    const reply = await send(proxy.url, `/api/companies/${C}/dataStatus`)
    expect(reply.status).toBe(502)
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(errorOf(reply)).toBe('Codat sent an answer that is not JSON')
    expect(reply.body).not.toMatch(/html|Service Unavailable/i)
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        type: 'upstream-not-json',
        status: 503,
        contentType: 'text/html; charset=utf-8',
        correlationId: reply.headers['x-request-id'],
      }),
    )
  })

  it('refuses a body with no Content-Type but passes JSON relatives and empty answers', async () => {
    codat.respond = (_req, res) => res.end('plain words')
    expect((await send(proxy.url, `/api/companies/${C}`)).status).toBe(502)

    codat.respond = (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/problem+json' })
      res.end('{"statusCode":404,"error":"gone"}')
    }
    const problem = await send(proxy.url, `/api/companies/${C}`)
    expect(problem).toMatchObject({ status: 404, body: '{"statusCode":404,"error":"gone"}' })

    codat.respond = (_req, res) => {
      res.statusCode = 204
      res.end()
    }
    const empty = await send(proxy.url, `/api/companies/${C}/data/all`, { method: 'POST' })
    expect(empty.status).toBe(204)
  })
})

describe('a browser that goes away', () => {
  it('lets a refresh finish at Codat and audits its real status and dataset ID', async () => {
    const dataset = 'd7c0ffee-1d2e-4f3a-9b8c-7d6e5f4a3b2c'
    codat.respond = (_req, res) => {
      setTimeout(() => {
        res.setHeader('Content-Type', 'application/json')
        res.end(JSON.stringify({ id: dataset }))
      }, 150)
    }
    const { hostname, port } = new URL(proxy.url)
    const outgoing = request({
      hostname,
      port,
      method: 'POST',
      path: `/api/companies/${C}/data/queue/invoices`,
    })
    outgoing.on('error', () => undefined)
    outgoing.end()
    setTimeout(() => outgoing.destroy(), 50)
    await expect
      .poll(() => logLines().find((line) => line.type === 'audit'), { timeout: 3000 })
      .toMatchObject({ upstreamStatus: 200, outcome: 'response', datasetId: dataset })
  })
})

describe('one deadline for the whole call', () => {
  /** Headers at once, then one byte every 50 ms, never ending; `closed` says when Codat's socket went. */
  function drip(): { closed: Promise<number> } {
    let started = 0
    let markClosed: (ms: number) => void = () => undefined
    const closed = new Promise<number>((resolve) => (markClosed = resolve))
    codat.respond = (_req, res) => {
      started = performance.now()
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"results":[')
      const timer = setInterval(() => res.write(' '), 50)
      res.on('close', () => {
        clearInterval(timer)
        markClosed(performance.now() - started)
      })
    }
    return { closed }
  }

  it('cuts a Codat that drips its body at the deadline: 504 in words, socket freed, logged', async () => {
    const { closed } = drip()
    const started = performance.now()
    const reply = await send(proxy.url, `/api/companies/${C}/data/history`)
    const ms = performance.now() - started
    expect(reply.status).toBe(504)
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(errorOf(reply)).toBe('Codat did not finish answering within 0.4 s')
    expect(ms).toBeGreaterThanOrEqual(350)
    expect(ms).toBeLessThan(1500)
    // Codat's side of the socket is closed too, so the pooled slot is free for the next call.
    expect(await closed).toBeLessThan(1500)
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        type: 'upstream-timeout',
        operation: 'list-pull-operations',
        during: 'body',
        correlationId: reply.headers['x-request-id'],
      }),
    )
  })

  it('keeps serving once more dripping calls than pooled sockets were cut', async () => {
    drip()
    const dripping = await Promise.all(
      Array.from({ length: 12 }, () => send(proxy.url, `/api/companies/${C}/data/history`)),
    )
    expect(dripping.map((reply) => reply.status)).toEqual(Array(12).fill(504))
    codat.respond = (_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end('{"ok":true}')
    }
    const started = performance.now()
    const reply = await send(proxy.url, `/api/companies/${C}`)
    expect(reply).toMatchObject({ status: 200, body: '{"ok":true}' })
    expect(performance.now() - started).toBeLessThan(300)
  })

  it('answers 502 in words when Codat drops the connection mid-body', async () => {
    codat.respond = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' })
      res.write('{"results":[')
      setTimeout(() => res.socket?.destroy(), 30)
    }
    const reply = await send(proxy.url, `/api/companies/${C}/data/history`)
    expect(reply.status).toBe(502)
    expect(errorOf(reply)).toBe(
      'Could not reach Codat: the connection was closed before an answer came',
    )
  })
})
