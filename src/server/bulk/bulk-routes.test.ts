// @vitest-environment node
// The bulk refresh endpoints through the proxy: a single refresh's guards and words, one job at a time, bodies checked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bulkJobSchema, currentBulkJobSchema } from '../../api/bulk-schemas.ts'
import type { SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { formatUserEntry } from '../auth/console-users.ts'
import { openDatabase } from '../store/database.ts'
import { startFleetConsole, type FleetConsole } from '../testing/fleet-console.ts'
import {
  allowLoopback,
  startLoopbackSim,
  basic,
  errorOf,
  send,
  startProxyServer,
  type ProxyServer,
} from '../testing/test-harness.ts'

const viewer = basic('vera', 'viewer-password-123')
const operator = basic('otto', 'operator-password-456')

let sim: SimServer
let running: FleetConsole
let readOnly: ProxyServer

const post = (base: string, path: string, authorization: string, body?: unknown) =>
  send(base, path, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
const get = (path: string, authorization = viewer) =>
  send(running.proxy.url, path, { headers: { authorization } })
const plan = (companyIds: string[], scope = 'all') =>
  post(running.proxy.url, '/api/fleet/bulk', operator, { selection: { companyIds }, scope })
const jobOf = (reply: { body: string }) => bulkJobSchema.parse(JSON.parse(reply.body))
const singleRefresh = (base: string, authorization: string) =>
  post(base, `/api/companies/${SEED.healthy.id}/data/all`, authorization)

beforeAll(async () => {
  const loopback = await startLoopbackSim(server)
  sim = loopback.sim
  const env = {
    ...loopback.env,
    CONSOLE_USERS: [
      await formatUserEntry('vera', 'viewer', 'viewer-password-123'),
      await formatUserEntry('otto', 'operator', 'operator-password-456'),
    ].join(','),
  }
  running = await startFleetConsole(env, await openDatabase({ memory: true }))
  readOnly = await startProxyServer(
    { ...env, CONSOLE_READ_ONLY: 'true' },
    running.live.proxyOptions,
  )
}, 120_000)
beforeEach(() => allowLoopback(server))
afterAll(async () => {
  await readOnly.close()
  await running.close()
  await sim.close()
})

describe('the bulk refresh endpoints', () => {
  it('refuses viewers with the words a single refresh uses', async () => {
    const single = await singleRefresh(running.proxy.url, viewer)
    const bulk = await post(running.proxy.url, '/api/fleet/bulk', viewer, {
      selection: { companyIds: [SEED.healthy.id] },
      scope: 'all',
    })
    expect(bulk.status).toBe(403)
    expect(single.status).toBe(403)
    expect(errorOf(bulk)).toBe(errorOf(single))
    expect(errorOf(bulk)).toBe('Only operators can refresh data; your role is viewer')
  })

  it('refuses everyone on a read-only console, in the same words', async () => {
    const single = await singleRefresh(readOnly.url, operator)
    const bulk = await post(readOnly.url, '/api/fleet/bulk', operator, {
      selection: { companyIds: [SEED.healthy.id] },
      scope: 'all',
    })
    expect(bulk.status).toBe(403)
    expect(errorOf(bulk)).toBe(errorOf(single))
    expect(errorOf(bulk)).toMatch(/read-only .*nobody can refresh data/)
  })

  it('answers a malformed body with 400 naming the field', async () => {
    const notJson = await post(running.proxy.url, '/api/fleet/bulk', operator, '{"selection":')
    expect(notJson.status).toBe(400)
    const badId = await plan(['not-a-company'])
    expect(badId.status).toBe(400)
    expect(errorOf(badId)).toMatch(/"selection/)
    const badScope = await post(running.proxy.url, '/api/fleet/bulk', operator, {
      selection: { filter: {} },
      scope: 'everything',
    })
    expect(errorOf(badScope)).toMatch(/^"scope" is not valid/)
    const badState = await get('/api/fleet/bulk/bulk_00000000-0000-0000-0000-000000000000?state=x')
    expect(badState.status).toBe(400)
  })

  it('plans a draft, starts it once, and refuses a second job while it runs', async () => {
    const draft = await plan([SEED.healthy.id])
    expect(draft.status).toBe(201)
    const job = jobOf(draft)
    expect(job).toMatchObject({ state: 'draft', createdBy: 'otto', companies: 1 })
    expect(job.selection).toBe('1 chosen company')
    const read = await get(`/api/fleet/bulk/${job.id}`)
    expect(jobOf(read).id).toBe(job.id)

    const started = await post(running.proxy.url, `/api/fleet/bulk/${job.id}/start`, operator)
    expect(started.status).toBe(200)
    const first = jobOf(started)
    expect(first.state).toBe('running')
    const again = jobOf(await post(running.proxy.url, `/api/fleet/bulk/${job.id}/start`, operator))
    expect([again.id, again.startedAt]).toEqual([first.id, first.startedAt])

    const other = jobOf(await plan([SEED.failing.id]))
    const refused = await post(running.proxy.url, `/api/fleet/bulk/${other.id}/start`, operator)
    expect(refused.status).toBe(409)
    expect(errorOf(refused)).toMatch(/^A bulk refresh is already running: started by otto at /)

    const current = currentBulkJobSchema.parse(
      JSON.parse((await get('/api/fleet/bulk/current')).body),
    )
    expect(current.job?.id).toBe(job.id)
    const cancelled = await post(running.proxy.url, `/api/fleet/bulk/${job.id}/cancel`, operator)
    expect(cancelled.status).toBe(200)
    expect(['cancelling', 'cancelled']).toContain(jobOf(cancelled).state)
  })

  it('answers 404 for a job it does not hold', async () => {
    const missing = await get('/api/fleet/bulk/bulk_00000000-0000-0000-0000-000000000000')
    expect(missing.status).toBe(404)
    const start = await post(
      running.proxy.url,
      '/api/fleet/bulk/bulk_00000000-0000-0000-0000-000000000000/start',
      operator,
    )
    expect(start.status).toBe(404)
  })
})
