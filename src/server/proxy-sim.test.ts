// @vitest-environment node
// The proxy in front of the real simulated Codat HTTP server (src/mocks/http.ts), faults included.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../mocks/http.ts'
import { server } from '../mocks/node.ts'
import { allowLoopback, send, startProxyServer, type ProxyServer } from './testing/test-harness.ts'

const SIM_KEY = 'sim-key-for-proxy-tests'
let sim: SimServer
let proxy: ProxyServer
let companyId = ''

async function setFault(fault: Record<string, unknown>): Promise<void> {
  const { hostname, port } = new URL(sim.url)
  const reply = await send(`http://${hostname}:${port}`, '/_sim/faults', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${btoa(SIM_KEY)}` },
    body: JSON.stringify(fault),
  })
  expect(reply.status).toBeLessThan(300)
}

describe('the proxy in front of the simulated Codat', () => {
  beforeAll(async () => {
    allowLoopback(server)
    sim = await startSimServer({ port: 0, host: '127.0.0.1', apiKey: SIM_KEY })
    proxy = await startProxyServer({
      CODAT_API_KEY: SIM_KEY,
      CODAT_BASE_URL: sim.url,
      // Long enough for a first answer on a busy machine; the 504 test waits out a longer delay.
      CODAT_TIMEOUT_MS: '2000',
    })
    const list = await send(proxy.url, '/api/companies?pageSize=5')
    companyId = (JSON.parse(list.body) as { results: Array<{ id: string }> }).results[0]?.id ?? ''
  })
  afterAll(async () => {
    await proxy?.close()
    await sim?.close()
  })
  beforeEach(async () => {
    allowLoopback(server)
    await setFault({ mode: 'none' })
  })

  it('reads companies and data status with the key it holds', async () => {
    expect(companyId).toMatch(/^[0-9a-f-]{36}$/)
    const status = await send(proxy.url, `/api/companies/${companyId}/dataStatus`)
    expect(status.status).toBe(200)
    expect(status.headers['content-type']).toMatch(/application\/json/)
    const history = await send(
      proxy.url,
      `/api/companies/${companyId}/data/history?page=1&pageSize=2`,
    )
    expect(JSON.parse(history.body)).toMatchObject({ pageNumber: 1, pageSize: 2 })
  })

  it('passes the simulation’s 401 through when the key is wrong', async () => {
    const wrong = await startProxyServer({ CODAT_API_KEY: 'wrong-key', CODAT_BASE_URL: sim.url })
    const reply = await send(wrong.url, '/api/companies')
    await wrong.close()
    expect(reply.status).toBe(401)
    expect(reply.body).not.toContain('wrong-key')
  })

  it('queues a data type and audits the pull operation it returns', async () => {
    proxy.logs.length = 0
    const reply = await send(proxy.url, `/api/companies/${companyId}/data/queue/invoices`, {
      method: 'POST',
    })
    expect([200, 400]).toContain(reply.status)
    const audit = proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    const line = audit.find((entry) => entry.type === 'audit')
    expect(line).toMatchObject({ companyId, dataType: 'invoices', upstreamStatus: reply.status })
    if (reply.status === 200) {
      expect(line?.datasetId).toBe((JSON.parse(reply.body) as { id: string }).id)
    }
  })

  it('passes rate limiting, server errors and malformed bodies through', async () => {
    await setFault({ mode: 'rate-limit', retryAfterSeconds: 9, remaining: 1 })
    const limited = await send(proxy.url, `/api/companies/${companyId}`)
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('9')
    await setFault({ mode: 'server-error', remaining: 1 })
    expect((await send(proxy.url, `/api/companies/${companyId}`)).status).toBe(500)
    await setFault({ mode: 'malformed', remaining: 1 })
    const malformed = await send(proxy.url, `/api/companies/${companyId}/dataStatus`)
    expect(malformed.status).toBe(200)
    expect(() => JSON.parse(malformed.body) as unknown).toThrow()
  })

  it('answers 504 when the simulation is slower than the timeout', async () => {
    await setFault({ mode: 'slow', delayMs: 4000, remaining: 1 })
    const reply = await send(proxy.url, `/api/companies/${companyId}/dataStatus`)
    expect(reply.status).toBe(504)
  })

  it('never lets the browser reach the simulation’s control paths', async () => {
    for (const path of ['/api/_sim/faults', '/api/_sim/reset']) {
      expect((await send(proxy.url, path, { method: 'POST' })).status).toBe(404)
    }
  })
})
