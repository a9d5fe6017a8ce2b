// @vitest-environment node
// The proxy against a recording fake Codat: forwarding, faithful answers, the allowlist, no key leaks.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  send,
  setupProxyRig,
  startProxyServer,
  type FakeCodat,
  type ProxyServer,
  type Reply,
} from './testing/test-harness.ts'

const KEY = 'sk-test-SECRET-8c1f2a'
const KEY_B64 = Buffer.from(KEY).toString('base64')
const C = '8a210b68-6988-11ed-a1eb-0242ac120002'

const rig = setupProxyRig()
let codat: FakeCodat
let proxy: ProxyServer
const replies: Reply[] = []

async function call(...args: Parameters<typeof send>): Promise<Reply> {
  const reply = await send(...args)
  replies.push(reply)
  return reply
}

beforeAll(async () => {
  codat = rig.codat
  proxy = await rig.startProxy({ CODAT_API_KEY: KEY, CODAT_TIMEOUT_MS: '300' })
})
afterAll(() => {
  // Whatever happened above, the key never left the server towards the browser or the logs.
  const seen = JSON.stringify(replies) + proxy.logs.join('\n')
  expect(seen).not.toContain(KEY)
  expect(seen).not.toContain(KEY_B64)
})
afterEach(() => {
  codat.respond = (_req, res) => {
    res.setHeader('Content-Type', 'application/json')
    res.end('{"ok":true}')
  }
})

describe('forwarding', () => {
  it('adds Basic base64(key) and forwards only allowlisted headers', async () => {
    const reply = await call(proxy.url, `/api/companies/${C}/dataStatus`, {
      headers: {
        Authorization: 'Basic Y2xpZW50OnNlY3JldA==',
        Cookie: 'session=abc',
        Accept: 'application/json',
        'X-Request-Id': 'req-12345678',
        'X-Forwarded-For': '10.0.0.1',
        'Proxy-Authorization': 'Basic eA==',
        TE: 'trailers',
        Upgrade: 'websocket',
        'X-Custom': 'nope',
      },
    })
    expect(reply.status).toBe(200)
    expect(reply.body).toBe('{"ok":true}')
    // The console names the request itself; the client's own ID is kept beside it in the log.
    const ownId = reply.headers['x-request-id']
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/)
    expect(codat.requests).toHaveLength(1)
    const seen = codat.requests[0]!
    expect(seen.url).toBe(`/companies/${C}/dataStatus`)
    expect(seen.headers.authorization).toBe(`Basic ${KEY_B64}`)
    expect(seen.headers.cookie).toBeUndefined()
    expect(seen.headers['proxy-authorization']).toBeUndefined()
    expect(seen.headers['x-forwarded-for']).toBeUndefined()
    expect(seen.headers['x-custom']).toBeUndefined()
    expect(seen.headers.te).toBeUndefined()
    expect(seen.headers.upgrade).toBeUndefined()
    expect(seen.headers['x-request-id']).toBe(ownId)
    const lines = proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toContainEqual(
      expect.objectContaining({ correlationId: ownId, clientRequestId: 'req-12345678' }),
    )
    expect(seen.headers.host).toBe(new URL(codat.url).host)
  })

  it('sends CODAT_AUTH_HEADER verbatim', async () => {
    const other = await startProxyServer({
      CODAT_AUTH_HEADER: 'Basic UG9ydGFsLWhlYWRlcg==',
      CODAT_BASE_URL: codat.url,
    })
    await send(other.url, '/api/companies?page=2&pageSize=10')
    await other.close()
    expect(codat.requests[0]?.headers.authorization).toBe('Basic UG9ydGFsLWhlYWRlcg==')
    expect(codat.requests[0]?.url).toBe('/companies?page=2&pageSize=10')
  })

  it('keeps a base path in CODAT_BASE_URL and sends POSTs without a body', async () => {
    const other = await startProxyServer({ CODAT_API_KEY: KEY, CODAT_BASE_URL: `${codat.url}/v1/` })
    await send(other.url, `/api/companies/${C}/data/all`, { method: 'POST' })
    await other.close()
    expect(codat.requests[0]).toMatchObject({
      method: 'POST',
      url: `/v1/companies/${C}/data/all`,
      body: '',
    })
  })

  it('passes 429 with Retry-After and X-Rate-Limit-* through, and nothing else of Codat’s', async () => {
    codat.respond = (_req, res) => {
      res.writeHead(429, {
        'Content-Type': 'application/json; charset=utf-8',
        'Retry-After': '7',
        'X-Rate-Limit-Limit': '1000',
        'X-Rate-Limit-Remaining': '0',
        'X-Rate-Limit-Reset': 'Sun, 29 Nov 2026 00:00:00 GMT',
        'Set-Cookie': 'codat=1',
        Server: 'codat-edge',
      })
      res.end(
        '{"statusCode":429,"service":"PublicApi","error":"Rate limit exceeded","correlationId":"c-1"}',
      )
    }
    const reply = await call(proxy.url, '/api/companies')
    expect(reply.status).toBe(429)
    expect(reply.headers).toMatchObject({
      'retry-after': '7',
      'x-rate-limit-limit': '1000',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': 'Sun, 29 Nov 2026 00:00:00 GMT',
      'content-type': 'application/json; charset=utf-8',
    })
    expect(reply.headers['set-cookie']).toBeUndefined()
    expect(reply.headers.server).toBeUndefined()
    expect(JSON.parse(reply.body)).toMatchObject({
      statusCode: 429,
      service: 'PublicApi',
      correlationId: 'c-1',
    })
  })

  it('passes a 500 and a malformed 200 through byte for byte', async () => {
    codat.respond = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' })
      res.end('{"statusCode":500,"service":"PullApi","error":"boom"}')
    }
    const failed = await call(proxy.url, `/api/companies/${C}`)
    expect(failed).toMatchObject({
      status: 500,
      body: '{"statusCode":500,"service":"PullApi","error":"boom"}',
    })
    codat.respond = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"results": [ {"id": tru')
    }
    const malformed = await call(proxy.url, `/api/companies/${C}/connections`)
    expect(malformed).toMatchObject({ status: 200, body: '{"results": [ {"id": tru' })
  })

  it('streams a large answer intact', async () => {
    const big = JSON.stringify({
      results: Array.from({ length: 20000 }, (_, i) => ({ id: i, name: `n${i}` })),
    })
    codat.respond = (_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(big)
    }
    const reply = await call(proxy.url, `/api/companies/${C}/data/history?pageSize=5000`)
    expect(reply.body.length).toBe(big.length)
    expect(reply.body).toBe(big)
  })

  it('answers 504 in Codat’s error shape when Codat is too slow', async () => {
    codat.respond = () => undefined
    const reply = await call(proxy.url, `/api/companies/${C}/dataStatus`)
    expect(reply.status).toBe(504)
    expect(JSON.parse(reply.body)).toMatchObject({
      statusCode: 504,
      service: 'ConsoleProxy',
      error: expect.stringMatching(/did not answer within 0.3 s/) as unknown,
      correlationId: expect.any(String) as unknown,
    })
  })

  it('answers 502 when Codat cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as AddressInfo).port
    await new Promise((done) => closed.close(done))
    const other = await startProxyServer({
      CODAT_API_KEY: KEY,
      CODAT_BASE_URL: `http://127.0.0.1:${port}`,
    })
    const reply = await send(other.url, '/api/companies')
    replies.push(reply)
    await other.close()
    expect(reply.status).toBe(502)
    expect(JSON.parse(reply.body)).toMatchObject({ statusCode: 502, service: 'ConsoleProxy' })
    // In words on the screen; the code itself goes to the log only.
    expect(JSON.parse(reply.body)).toMatchObject({
      error: 'Could not reach Codat: the connection was refused',
    })
    expect(reply.body).not.toMatch(/ECONNREFUSED/)
    expect(other.logs.join('\n')).toMatch(/"type":"upstream-error","code":"ECONNREFUSED"/)
  })
})

describe('the allowlist', () => {
  it.each([
    ['dot-dot', '/api/companies/../companies'],
    ['dot segment', `/api/companies/./${C}`],
    ['encoded slash', `/api/companies%2f${C}`],
    ['encoded slash, lower case', `/api/companies/${C}%2fdataStatus`],
    ['encoded dots', '/api/%2e%2e/companies'],
    ['encoded backslash', `/api/companies%5c${C}`],
    ['double encoding', `/api/companies/%252e%252e/companies`],
    ['double slash', '/api//companies'],
    ['backslash', `/api/companies\\${C}`],
    ['trailing slash', `/api/companies/${C}/dataStatus/`],
    ['absolute URL', '/api/http://evil.example/companies'],
    ['userinfo', '/api/companies@evil.example'],
    ['escape from queue', `/api/companies/${C}/data/queue/invoices/../../all`],
    ['unknown path', '/api/connections'],
    ['not a uuid', '/api/companies/abc/dataStatus'],
    ['simulator control', '/api/_sim/reset'],
    ['bare prefix', '/api'],
    ['unknown query', '/api/companies?foo=bar'],
    ['repeated query', '/api/companies?page=1&page=2'],
  ])('refuses %s without calling Codat', async (_name, path) => {
    const reply = await call(proxy.url, path)
    expect([400, 404]).toContain(reply.status)
    expect(JSON.parse(reply.body)).toMatchObject({
      service: 'ConsoleProxy',
      statusCode: reply.status,
    })
    expect(codat.requests).toHaveLength(0)
  })

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const put = await call(proxy.url, `/api/companies/${C}`, { method: 'DELETE' })
    expect(put.status).toBe(405)
    expect(put.headers.allow).toBe('GET')
    const get = await call(proxy.url, `/api/companies/${C}/data/all`)
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
    expect(codat.requests).toHaveLength(0)
  })

  it('refuses bodies over 1 KiB (413) and oversized headers (431)', async () => {
    const body = 'x'.repeat(2048)
    const large = await call(proxy.url, `/api/companies/${C}/data/all`, { method: 'POST', body })
    expect(large.status).toBe(413)
    const huge = await call(proxy.url, '/api/companies', {
      headers: { 'X-Filler': 'y'.repeat(13000) },
    })
    expect(huge.status).toBe(431)
    expect(codat.requests).toHaveLength(0)
  })

  it('answers /healthz without touching Codat', async () => {
    const reply = await call(proxy.url, '/healthz')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toEqual({ status: 'ok' })
    expect(codat.requests).toHaveLength(0)
  })

  it('describes an open session on loopback', async () => {
    const reply = await call(proxy.url, '/api/session')
    expect(JSON.parse(reply.body)).toEqual({
      user: null,
      role: 'operator',
      readOnly: false,
      mode: 'live',
    })
    expect(codat.requests).toHaveLength(0)
  })
})
