// Checks HTTP Basic credentials against CONSOLE_USERS in constant time, with a short-lived cache.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { scryptAsync, type ConsoleUser } from './console-users.ts'

export const REALM = 'Codat Refresh Console'
const CACHE_TTL_MS = 5 * 60_000
const CACHE_MAX = 1000
const MAX_RUNNING = 2
const MAX_WAITING = 64

export type CredentialResult =
  { kind: 'ok'; user: ConsoleUser } | { kind: 'denied' } | { kind: 'busy' }

export interface CredentialChecker {
  check(authorization: string | undefined): Promise<CredentialResult>
}

/**
 * Every page and API call carries the credentials, so a verified header is remembered for a few
 * minutes under a keyed hash: the browser's steady traffic then costs no scrypt. Unknown users
 * spend a scrypt too, and at most MAX_RUNNING run at once so guessing cannot starve the server.
 */
export function createCredentialChecker(users: readonly ConsoleUser[]): CredentialChecker {
  const cacheKey = randomBytes(32)
  const cache = new Map<string, { user: ConsoleUser; expires: number }>()
  const decoy = users[0] && {
    params: users[0].params,
    salt: randomBytes(users[0].salt.length),
    hash: randomBytes(users[0].hash.length),
  }
  let running = 0
  const waiting: Array<() => void> = []

  async function limited<T>(task: () => Promise<T>): Promise<T | 'busy'> {
    if (running >= MAX_RUNNING) {
      if (waiting.length >= MAX_WAITING) return 'busy'
      await new Promise<void>((resolve) => waiting.push(resolve))
    }
    running += 1
    try {
      return await task()
    } finally {
      running -= 1
      waiting.shift()?.()
    }
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
    async check(authorization) {
      const credentials = parseBasic(authorization)
      if (!credentials) return { kind: 'denied' }
      const digest = createHmac('sha256', cacheKey)
        .update(authorization ?? '')
        .digest('base64')
      const now = Date.now()
      const cached = cache.get(digest)
      if (cached && cached.expires > now) return { kind: 'ok', user: cached.user }
      const user = await limited(() => verify(credentials.name, credentials.password))
      if (user === 'busy') return { kind: 'busy' }
      if (!user) return { kind: 'denied' }
      if (cache.size >= CACHE_MAX) cache.clear()
      cache.set(digest, { user, expires: now + CACHE_TTL_MS })
      return { kind: 'ok', user }
    },
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
