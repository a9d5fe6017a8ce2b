// Switchable faults and the control routes: 429, 500, 503, malformed, slow, limits, options, reset.
import { describe, expect, it } from 'vitest'
import type { PullOperation } from './operation-lifecycle.ts'
import { SEED } from './seed.ts'
import { getJson, type PageJson } from './sim-test-fetch.ts'

const status = `/companies/${SEED.healthy.id}/dataStatus`

async function setFault(fault: Record<string, unknown>): Promise<void> {
  const { status: code } = await getJson('/_sim/faults', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  })
  expect(code).toBe(200)
}

describe('faults', () => {
  it('rate-limit: 429 with Retry-After, Codat’s body and no quota left', async () => {
    await setFault({ mode: 'rate-limit', retryAfterSeconds: 7 })
    const { status: code, headers, body } = await getJson(status)
    expect(code).toBe(429)
    expect(headers.get('Retry-After')).toBe('7')
    expect(headers.get('X-Rate-Limit-Remaining')).toBe('0')
    expect(body).toMatchObject({ statusCode: 429, canBeRetried: 'Unknown', validation: null })
  })

  it('server-error and unavailable: 500 and 503 with Codat’s body', async () => {
    await setFault({ mode: 'server-error' })
    expect(await getJson(status)).toMatchObject({ status: 500, body: { statusCode: 500 } })
    await setFault({ mode: 'unavailable' })
    expect(await getJson(status)).toMatchObject({ status: 503, body: { statusCode: 503 } })
  })

  it('malformed: 200 whose JSON does not parse', async () => {
    await setFault({ mode: 'malformed' })
    const response = await fetch(`/api${status}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('application/json')
    await expect(response.json()).rejects.toThrow()
  })

  it('slow: answers correctly, but only after the delay', async () => {
    await setFault({ mode: 'slow', delayMs: 150 })
    const started = performance.now()
    const { status: code } = await getJson(status)
    expect(code).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('stops after `remaining` requests and switches itself off', async () => {
    await setFault({ mode: 'server-error', remaining: 2 })
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await getJson(status)).status)
    expect(codes).toEqual([500, 500, 200])
    expect((await getJson('/_sim/faults')).body).toEqual({ mode: 'none' })
  })

  it('hits only paths matching pathPattern', async () => {
    await setFault({ mode: 'unavailable', pathPattern: '/dataStatus$' })
    expect((await getJson(status)).status).toBe(503)
    expect((await getJson(`/companies/${SEED.healthy.id}`)).status).toBe(200)
  })

  it('refuses a fault it cannot understand', async () => {
    for (const fault of [
      { mode: 'explode' },
      { mode: 'slow', delayMs: -1 },
      { mode: 'slow', pathPattern: '(' },
    ]) {
      const { status: code } = await getJson('/_sim/faults', {
        method: 'PUT',
        body: JSON.stringify(fault),
      })
      expect(code).toBe(400)
    }
  })
})

describe('control routes', () => {
  it('advance moves time on, so a queued refresh completes', async () => {
    const queued = await getJson<PullOperation>(`/companies/${SEED.healthy.id}/data/queue/bills`, {
      method: 'POST',
    })
    expect(queued.body.status).toBe('Queued')
    await getJson('/_sim/advance', { method: 'POST', body: JSON.stringify({ ms: 60_000 }) })
    const later = await getJson<PullOperation>(
      `/companies/${SEED.healthy.id}/data/history/${queued.body.id}`,
    )
    expect(later.body).toMatchObject({ status: 'Complete', progress: 100 })
  })

  it('options: company answers can leave out dataConnections, the connections list stays', async () => {
    const put = (body: unknown) =>
      getJson<{ omitDataConnections: boolean }>('/_sim/options', {
        method: 'PUT',
        body: JSON.stringify(body),
      })
    expect((await getJson('/_sim/options')).body).toEqual({ omitDataConnections: false })
    expect((await put({ omitDataConnections: true })).body).toEqual({ omitDataConnections: true })

    const company = await getJson<Record<string, unknown>>(`/companies/${SEED.healthy.id}`)
    expect(company.body).toMatchObject({ id: SEED.healthy.id })
    expect(company.body).not.toHaveProperty('dataConnections')
    const list = await getJson<PageJson<Record<string, unknown>>>('/companies')
    expect(list.body.results.some((c) => 'dataConnections' in c)).toBe(false)
    const connections = await getJson<PageJson<{ id: string }>>(
      `/companies/${SEED.healthy.id}/connections`,
    )
    expect(connections.body.results.map((c) => c.id)).toEqual([SEED.healthy.connectionId])

    expect((await put({ omitDataConnections: 'yes' })).status).toBe(400)
    expect((await put({ hideEverything: true })).status).toBe(400)
    await fetch('/api/_sim/reset', { method: 'POST' })
    const after = await getJson<Record<string, unknown>>(`/companies/${SEED.healthy.id}`)
    expect(after.body).toHaveProperty('dataConnections')
  })

  it('reset forgets created operations and faults', async () => {
    const queued = await getJson<PullOperation>(`/companies/${SEED.healthy.id}/data/queue/bills`, {
      method: 'POST',
    })
    await setFault({ mode: 'server-error', pathPattern: 'history' })
    expect((await fetch('/api/_sim/reset', { method: 'POST' })).status).toBe(204)
    expect((await getJson('/_sim/faults')).body).toEqual({ mode: 'none' })
    const gone = await getJson(`/companies/${SEED.healthy.id}/data/history/${queued.body.id}`)
    expect(gone.status).toBe(404)
  })
})
