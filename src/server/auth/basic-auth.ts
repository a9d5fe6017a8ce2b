// Checks HTTP Basic credentials against CONSOLE_USERS in constant time, throttled, with a short-lived cache.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { scryptAsync, type ConsoleUser } from './console-users.ts'
import { createSignInThrottle, type Lane } from './sign-in-throttle.ts'

export const REALM = 'Codat Refresh Console'
const CACHE_TTL_MS = 5 * 60_000
const CACHE_MAX = 1000
/** scrypt runs in libuv's pool of 4 threads: one per lane (see Lane), one left for files. */
const LANES: Record<Lane, { running: number; waiting: number }> = {
  reserved: { running: 1, waiting: 32 },
  general: { running: 1, waiting: 64 },
  repeat: { running: 1, waiting: 64 },
}

export type CredentialResult =
  | { kind: 'ok'; user: ConsoleUser }
  /** `name` is the attempted user name when the header carried one (for the failure log). */
  | { kind: 'denied'; name?: string }
  | { kind: 'busy'; name: string }
  | { kind: 'throttled'; name: string; retryAfterSeconds: number }

export interface CredentialChecker {
  /** `address` is the client's (see client-address.ts): failures are throttled per address. */
  check(authorization: string | undefined, address: string): Promise<CredentialResult>
}

/**
 * Every page and API call carries the credentials, so a verified header is remembered for a few
 * minutes under a keyed hash: the browser's steady traffic then costs no scrypt. Other attempts
 * pass the sign-in throttle first; unknown users spend a scrypt too, and only a few run at once so
 * guessing cannot starve the server.
 */
export function createCredentialChecker(users: readonly ConsoleUser[]): CredentialChecker {
  const cacheKey = randomBytes(32)
  const cache = new Map<string, { user: ConsoleUser; expires: number }>()
  const throttle = createSignInThrottle()
  const decoy = users[0] && {
    params: users[0].params,
    salt: randomBytes(users[0].salt.length),
    hash: randomBytes(users[0].hash.length),
  }
  const lanes = {
    reserved: createLane(LANES.reserved.running, LANES.reserved.waiting),
    general: createLane(LANES.general.running, LANES.general.waiting),
    repeat: createLane(LANES.repeat.running, LANES.repeat.waiting),
  }

  async function verify(name: string, password: string): Promise<ConsoleUser | undefined> {
    const user = users.find((candidate) => candidate.name === name)
    const target = user ?? decoy
    if (!target) return undefined
    const key = await scryptAsync(
      password.normalize('NFC'),
      target.salt,
      target.hash.length,
      target.params,
    )
    const matches = timingSafeEqual(key, target.hash)
    return matches && user ? user : undefined
  }

  return {
    async check(authorization, address) {
      const credentials = parseBasic(authorization)
      if (!credentials) return { kind: 'denied' }
      const { name } = credentials
      const digest = createHmac('sha256', cacheKey)
        .update(authorization ?? '')
        .digest('base64')
      const cached = cache.get(digest)
      if (cached && cached.expires > Date.now()) return { kind: 'ok', user: cached.user }
      const decision = await throttle.begin(name, address)
      if (decision.kind === 'wait') {
        return { kind: 'throttled', name, retryAfterSeconds: decision.retryAfterSeconds }
      }
      const user = await lanes[decision.lane](decision.priority, () =>
        verify(name, credentials.password),
      )
      if (user === 'busy') {
        await decision.finish('unchecked')
        return { kind: 'busy', name }
      }
      await decision.finish(user ? 'ok' : 'failed')
      if (!user) return { kind: 'denied', name }
      if (cache.size >= CACHE_MAX) cache.clear()
      cache.set(digest, { user, expires: Date.now() + CACHE_TTL_MS })
      return { kind: 'ok', user }
    },
  }
}

/**
 * At most `maxRunning` tasks at once and `maxWaiting` more in line (beyond that, 'busy' at once).
 * The lowest priority number goes next, first come first served among equals: an address that
 * has failed little is not kept waiting behind one that floods.
 */
function createLane(maxRunning: number, maxWaiting: number) {
  let running = 0
  const waiting: Array<{ priority: number; start: () => void }> = []
  return async function limited<T>(priority: number, task: () => Promise<T>): Promise<T | 'busy'> {
    if (running >= maxRunning) {
      if (waiting.length >= maxWaiting) return 'busy'
      await new Promise<void>((start) => waiting.push({ priority, start }))
    }
    running += 1
    try {
      return await task()
    } finally {
      running -= 1
      let next = 0
      for (let i = 1; i < waiting.length; i += 1) {
        if (waiting[i]!.priority < waiting[next]!.priority) next = i
      }
      waiting.splice(next, 1)[0]?.start()
    }
  }
}

export function parseBasic(
  authorization: string | undefined,
): { name: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization ?? '')
  if (!match?.[1] || match[1].length > 1024) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 1) return undefined
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
