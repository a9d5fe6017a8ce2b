// @vitest-environment node
// Sign-in under a wrong-password flood, through the real proxy with real scrypt: the team still gets in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node.ts'
import { formatUserEntry } from './console-users.ts'
import { loadLoop, openConnection, type LoadReply } from '../testing/load-client.ts'
import { FREE_ATTEMPTS } from './sign-in-throttle.ts'
import {
  allowLoopback,
  basic,
  send,
  startFakeCodat,
  startProxyServer,
  type FakeCodat,
  type ProxyServer,
} from '../testing/test-harness.ts'

const PASSWORD = 'a long and unguessable phrase'
const FLOOD_CONNECTIONS = 200

let codat: FakeCodat
let proxy: ProxyServer
let users: string

/** One sign-in from `localAddress` (any 127.x address is this machine) on a fresh connection. */
async function signIn(url: string, authorization: string, localAddress = '127.0.0.1') {
  const connection = openConnection(Number(new URL(url).port), localAddress)
  const reply = await connection.get('/api/session', { Authorization: authorization })
  connection.close()
  return reply
}

/**
 * FLOOD_CONNECTIONS connections from 127.0.0.2 sending wrong passwords back to back, until `stop()`
 * (at most 10 s). `settled()` resolves once the flood has used up its free attempts, so what is
 * measured after it is the steady state: every guess answered by the throttle.
 */
function flood(url: string, names: (i: number) => string) {
  let stopped = false
  const replies: LoadReply[] = []
  const done = loadLoop({
    port: Number(new URL(url).port),
    connections: FLOOD_CONNECTIONS,
    untilMs: performance.now() + 10_000,
    stop: () => stopped,
    localAddress: '127.0.0.2',
    replies,
    request: (i) => ({
      path: '/api/session',
      headers: { Authorization: basic(names(i), `wrong-${i}`) },
    }),
  })
  const settled = async () => {
    while (replies.filter((reply) => reply.status === 401).length < FREE_ATTEMPTS) await pause(50)
    await pause(500)
  }
  const stop = async () => {
    stopped = true
    return (await done).map((reply) => reply.status)
  }
  return { settled, stop }
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms))

beforeAll(async () => {
  codat = await startFakeCodat()
  users = (
    await Promise.all(
      ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'].map((name) =>
        formatUserEntry(name, 'viewer', PASSWORD),
      ),
    )
  ).join(',')
})
afterAll(async () => {
  await codat.close()
})
beforeEach(async () => {
  allowLoopback(server)
  proxy = await startProxyServer({
    CODAT_API_KEY: 'k',
    CODAT_BASE_URL: codat.url,
    CONSOLE_USERS: users,
  })
})
afterEach(async () => {
  await proxy.close()
})

// A sign-in costs one scrypt: about 45 ms on an idle 2-core machine, where the flood (answered in
// this same process) may add at most half a second, which a person signing in hardly notices. On a
// machine busy with other work every CPU step (scrypt, and answering the flood) slows by the same
// factor and varies a lot, so there the budget grows with the quiet sign-in time measured
// alongside. Before the throttle, most sign-ins under this flood failed with 503.
const FLOOD_BUDGET_MS = 500
const budget = (quiet: number) => quiet + Math.max(FLOOD_BUDGET_MS, 3 * quiet)
const SPELLINGS = ['basic', 'BASIC', 'bASIC']

const median = (values: number[]) => [...values].sort((a, b) => a - b)[1] ?? NaN

/** Three sign-ins one after the other, each checked afresh (none in the credential cache). */
async function threeSignIns(headers: string[]) {
  const replies = []
  for (const header of headers) replies.push(await signIn(proxy.url, header))
  expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200])
  return median(replies.map((reply) => reply.ms))
}

describe('a wrong-password flood', () => {
  it('leaves new sign-ins fast while 200 connections guess other names', async () => {
    const quiet = await threeSignIns(['ann', 'ben', 'cat'].map((name) => basic(name, PASSWORD)))
    const guesses = flood(proxy.url, (i) => `guess${i}`)
    await guesses.settled()
    const flooded = await threeSignIns(['dan', 'eve', 'fay'].map((name) => basic(name, PASSWORD)))
    const statuses = await guesses.stop()
    expect(flooded).toBeLessThan(budget(quiet))
    // The flood was answered, nearly all of it with 429 and a Retry-After, no scrypt behind it.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(statuses.length / 2)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10)
  }, 15_000)

  it('leaves a user who signed in lately a lane of their own while the flood guesses their name', async () => {
    const quiet = await threeSignIns(['ann', 'ben', 'cat'].map((name) => basic(name, PASSWORD)))
    const guesses = flood(proxy.url, () => 'ann')
    await guesses.settled()
    const ann = basic('ann', PASSWORD)
    const flooded = await threeSignIns(SPELLINGS.map((scheme) => ann.replace('Basic', scheme)))
    await guesses.stop()
    expect(flooded).toBeLessThan(budget(quiet))
    // A stranger trying that name now is held back instead, and told when to try again.
    const stranger = await signIn(proxy.url, ann.replace('Basic', 'BaSiC'), '127.0.0.3')
    expect(stranger.status).toBe(429)
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThanOrEqual(1)
  }, 15_000)
})

describe('failed sign-ins', () => {
  it('are logged with the address and the attempted name, never the password', async () => {
    const reply = await send(proxy.url, '/api/session', {
      headers: { Authorization: basic('mallory', 'hunter2-secret') },
    })
    expect(reply.status).toBe(401)
    const lines = proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toContainEqual(
      expect.objectContaining({
        type: 'sign-in-failed',
        address: '127.0.0.1',
        user: 'mallory',
        reason: 'wrong-credentials',
      }),
    )
    expect(lines).toContainEqual(
      expect.objectContaining({ type: 'access', status: 401, address: '127.0.0.1' }),
    )
    expect(proxy.logs.join('\n')).not.toMatch(/hunter2/)
  })

  it('are counted per address from X-Forwarded-For only behind TRUST_PROXY', async () => {
    const headers = (ip: string) => ({
      Authorization: basic('mallory', 'wrong'),
      'X-Forwarded-For': `10.9.9.9, ${ip}`,
    })
    await send(proxy.url, '/api/session', { headers: headers('198.51.100.4') })
    const behind = await startProxyServer({
      CODAT_API_KEY: 'k',
      CODAT_BASE_URL: codat.url,
      CONSOLE_USERS: users,
      TRUST_PROXY: '1',
    })
    await send(behind.url, '/api/session', { headers: headers('198.51.100.4') })
    await behind.close()
    const address = (logs: string[]) =>
      logs
        .map((line) => JSON.parse(line) as { type: string; address?: string })
        .find((line) => line.type === 'sign-in-failed')?.address
    expect(address(proxy.logs)).toBe('127.0.0.1')
    expect(address(behind.logs)).toBe('198.51.100.4')
  })
})
