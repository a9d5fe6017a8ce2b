// @vitest-environment node
// One user's slow calls to Codat cannot starve everyone else: a cap per user, a short queue, and words when queued.
import type { ServerResponse } from 'node:http'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { formatUserEntry } from '../auth/console-users.ts'
import { openConnection } from '../testing/load-client.ts'
import {
  basic,
  errorOf,
  send,
  setupProxyRig,
  type ProxyServer,
  type Reply,
} from '../testing/test-harness.ts'

const SLOW = '5a1e0000-0000-4000-8000-000000000001'
const FAST = 'fa570000-0000-4000-8000-000000000002'
const SLOW_MS = 600
/** How long the fake Codat takes over the slow company; a test may stretch it. */
let slowMs = SLOW_MS
const KEY = 'sk-test-FAIR-1'

const rig = setupProxyRig()
let users: string
/** How many calls for the slow company Codat is answering at this moment, and the most at once. */
let slowNow = 0
let slowPeak = 0

beforeAll(async () => {
  rig.codat.respond = (req, res) => {
    const answer = (r: ServerResponse) => {
      r.setHeader('Content-Type', 'application/json')
      r.end('{"ok":true}')
    }
    if (!req.url?.includes(SLOW)) return answer(res)
    slowNow += 1
    slowPeak = Math.max(slowPeak, slowNow)
    setTimeout(() => {
      slowNow -= 1
      answer(res)
    }, slowMs)
  }
  users = [
    await formatUserEntry('alice', 'viewer', 'alice-password-1'),
    await formatUserEntry('bob', 'viewer', 'bob-password-22'),
  ].join(',')
})
beforeEach(() => {
  slowPeak = 0
  slowMs = SLOW_MS
})

const ALICE = { authorization: basic('alice', 'alice-password-1') }
const BOB = { authorization: basic('bob', 'bob-password-22') }

async function startProxy(env: Record<string, string>): Promise<ProxyServer> {
  const proxy = await rig.startProxy({ CODAT_API_KEY: KEY, ...env })
  // Signed in once each, so the timings are the calls', not the password check's.
  if (env.CONSOLE_USERS) {
    await call(proxy, FAST, ALICE)
    await call(proxy, FAST, BOB)
    // A call gives its slot back once its answer is written, which a loaded machine may get to
    // just after the reply has arrived here: the test's own calls must find every slot free.
    await pause(100)
  }
  return proxy
}

function call(proxy: ProxyServer, company: string, headers: Record<string, string>) {
  return send(proxy.url, `/api/companies/${company}/dataStatus`, { headers })
}

async function timed(promise: Promise<Reply>): Promise<Reply & { ms: number }> {
  const started = performance.now()
  const reply = await promise
  return { ...reply, ms: performance.now() - started }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Alice's next slow call, sent `ms` after the ones already going, timed. */
async function slowCallAfter(proxy: ProxyServer, ms: number) {
  await pause(ms)
  return timed(call(proxy, SLOW, ALICE))
}

describe('calls in flight per user', () => {
  it('answers another user at once while one user has 10 slow calls going', async () => {
    const proxy = await startProxy({ CONSOLE_USERS: users, CODAT_TIMEOUT_MS: '5000' })
    const flood = Promise.all(Array.from({ length: 10 }, () => timed(call(proxy, SLOW, ALICE))))
    await pause(100)
    const bob = await timed(call(proxy, FAST, BOB))
    expect(bob.status).toBe(200)
    expect(bob.ms).toBeLessThan(SLOW_MS / 2)
    expect(bob.headers['x-console-queued-ms']).toBeUndefined()

    const alice = await flood
    expect(alice.map((reply) => reply.status)).toEqual(Array(10).fill(200))
    // Four at a time reached Codat; the rest waited their turn and were told so.
    expect(slowPeak).toBe(4)
    const queued = alice.filter((reply) => reply.headers['x-console-queued-ms'] !== undefined)
    expect(queued).toHaveLength(6)
    for (const reply of queued)
      expect(Number(reply.headers['x-console-queued-ms'])).toBeGreaterThanOrEqual(SLOW_MS - 100)
    expect(Math.max(...alice.map((reply) => reply.ms))).toBeGreaterThanOrEqual(3 * SLOW_MS - 100)
  })

  it('counts by client address when nobody signs in', async () => {
    const proxy = await startProxy({ CODAT_TIMEOUT_MS: '5000', CONSOLE_CALLS_PER_USER: '2' })
    const port = Number(new URL(proxy.url).port)
    const flooder = Array.from({ length: 6 }, () => openConnection(port, '127.0.0.2'))
    const flood = Promise.all(
      flooder.map((connection) => connection.get(`/api/companies/${SLOW}/dataStatus`)),
    )
    await pause(100)
    const other = openConnection(port, '127.0.0.1')
    const reply = await other.get(`/api/companies/${FAST}/dataStatus`)
    expect(reply.status).toBe(200)
    expect(reply.ms).toBeLessThan(200)
    expect((await flood).map((answer) => answer.status)).toEqual(Array(6).fill(200))
    expect(slowPeak).toBe(2)
    for (const connection of [...flooder, other]) connection.close()
  })

  it('says a call waited for the shared pool when the cap lets one user fill it', async () => {
    const proxy = await startProxy({
      CONSOLE_USERS: users,
      CODAT_TIMEOUT_MS: '5000',
      CONSOLE_CALLS_PER_USER: '10',
    })
    const flood = Promise.all(Array.from({ length: 10 }, () => call(proxy, SLOW, ALICE)))
    await pause(100)
    const bob = await timed(call(proxy, FAST, BOB))
    expect(bob.status).toBe(200)
    expect(bob.ms).toBeGreaterThanOrEqual(SLOW_MS - 200)
    expect(Number(bob.headers['x-console-queued-ms'])).toBeGreaterThanOrEqual(SLOW_MS - 200)
    await flood
  })
})

describe('the queue behind them', () => {
  it('refuses at once with 503 and Retry-After when the queue is full', async () => {
    const proxy = await startProxy({
      CONSOLE_USERS: users,
      CODAT_TIMEOUT_MS: '5000',
      CONSOLE_CALLS_PER_USER: '1',
      CONSOLE_QUEUE_PER_USER: '1',
    })
    const first = call(proxy, SLOW, ALICE)
    const second = call(proxy, SLOW, ALICE)
    const third = await slowCallAfter(proxy, 100)
    expect(third.status).toBe(503)
    expect(third.ms).toBeLessThan(SLOW_MS / 2)
    expect(third.headers['retry-after']).toBe('2')
    expect(third.headers['x-console-queued-ms']).toBe('0')
    expect(JSON.parse(third.body)).toMatchObject({ service: 'ConsoleProxy', queuedMs: 0 })
    expect(errorOf(third)).toMatch(
      /^Queued behind other requests: you already have 1 call to Codat in flight and 1 waiting/,
    )
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
  })

  it('answers 504 in words when the turn does not come within half the deadline', async () => {
    // A deadline long enough that a loaded machine's late timers cannot blur half of it with all
    // of it, and a first call that outlasts it.
    slowMs = 2_400
    const proxy = await startProxy({
      CONSOLE_USERS: users,
      CODAT_TIMEOUT_MS: '2000',
      CONSOLE_CALLS_PER_USER: '1',
    })
    rig.codat.requests.length = 0
    const first = call(proxy, SLOW, ALICE)
    const second = await slowCallAfter(proxy, 20)
    expect(second.status).toBe(504)
    // Told when half the deadline has passed, by the console's own clock, not after all of it.
    expect(Number(second.headers['x-console-queued-ms'])).toBeLessThan(2000)
    expect(second.headers['retry-after']).toBe('5')
    expect(Number(second.headers['x-console-queued-ms'])).toBeGreaterThanOrEqual(990)
    // The words give the wait as measured, so a loaded machine may say 1.2 s.
    expect(errorOf(second)).toMatch(
      /^Queued behind other requests for 1(\.\d)? s: your earlier calls to Codat did not finish in time, so this one was not sent$/,
    )
    expect(proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ type: 'call-queue', outcome: 'expired', user: 'alice' }),
    )
    expect(errorOf(await first)).toBe('Codat did not answer within 2 s')
    expect(rig.codat.requests.filter((request) => request.url.includes(SLOW))).toHaveLength(1)
  })
})
