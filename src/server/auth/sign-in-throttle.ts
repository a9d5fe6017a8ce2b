// Throttles sign-in attempts per client address and per user name before they cost a scrypt, with growing back-off.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

/** Attempts per key and window before back-off starts; a success gives its attempt back. */
export const FREE_ATTEMPTS = 10
const WINDOW_S = 15 * 60
/** Back-off after the free attempts: 1 s, 2 s, 4 s … per further failure, up to 15 minutes. */
const MAX_BACKOFF_S = 15 * 60
const STREAK_MEMORY_S = 24 * 60 * 60
/** A user name that signed in from an address keeps a lane of its own there for this long. */
const TRUSTED_MS = 30 * 24 * 60 * 60_000
const TRUSTED_MAX = 10_000

/**
 * Where the password check queues: `reserved` for a name that signed in from this address lately,
 * `general` for an address's first attempt in the window, `repeat` for its later ones, so a
 * flooding address only ever waits behind itself.
 */
export type Lane = 'reserved' | 'general' | 'repeat'

export type ThrottleDecision =
  /** `unchecked`: the password was never checked (the lane was full); the attempt is given back. */
  | {
      kind: 'go'
      lane: Lane
      /** Attempts this address (or pair) has used in the window: fewer goes first in the lane. */
      priority: number
      finish(result: 'ok' | 'failed' | 'unchecked'): Promise<void>
    }
  | { kind: 'wait'; retryAfterSeconds: number }

export interface SignInThrottle {
  begin(name: string, address: string): Promise<ThrottleDecision>
}

/**
 * Every attempt is counted before its password is checked (so a thousand parallel guesses cannot
 * all slip past a counter that only learns of failures afterwards) and given back if it succeeds.
 * Strangers are counted per address and per attempted name; a name that recently signed in from
 * this address is counted only for that pair and checked in the reserved lane, so a flood aimed
 * at a user's name, from anywhere else, does not lock that user out.
 */
export function createSignInThrottle(): SignInThrottle {
  const attempts = new RateLimiterMemory({
    keyPrefix: 'sign-in',
    points: FREE_ATTEMPTS,
    duration: WINDOW_S,
  })
  // How many back-offs in a row a key has earned; a key in this list gets one attempt per back-off.
  const streaks = new RateLimiterMemory({
    keyPrefix: 'back-off',
    points: Number.MAX_SAFE_INTEGER,
    duration: STREAK_MEMORY_S,
  })
  const trusted = new Map<string, number>()

  function isTrusted(pair: string): boolean {
    const until = trusted.get(pair)
    if (until === undefined) return false
    if (until > Date.now()) return true
    trusted.delete(pair)
    return false
  }

  function trust(pair: string): void {
    trusted.delete(pair)
    if (trusted.size >= TRUSTED_MAX) {
      const oldest = trusted.keys().next().value
      if (oldest !== undefined) trusted.delete(oldest)
    }
    trusted.set(pair, Date.now() + TRUSTED_MS)
  }

  return {
    async begin(name, address) {
      const pair = `${name.slice(0, 64)}\n${address}`
      const trustedPair = isTrusted(pair)
      const keys = trustedPair
        ? [`pair:${pair}`]
        : [`address:${address}`, `name:${name.slice(0, 64)}`]
      const taken: Array<[string, number]> = []
      let priority = 0
      for (const key of keys) {
        // In back-off a single attempt takes the whole allowance: one guess per back-off period.
        const cost = (await streaks.get(key)) === null ? 1 : FREE_ATTEMPTS
        try {
          const used = await attempts.consume(key, cost)
          if (key === keys[0]) priority = used.consumedPoints
          taken.push([key, cost])
        } catch (rejected) {
          for (const [givenKey, givenCost] of taken) await attempts.reward(givenKey, givenCost)
          const ms = rejected instanceof RateLimiterRes ? rejected.msBeforeNext : 1000
          return { kind: 'wait', retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) }
        }
      }
      const lane: Lane = trustedPair ? 'reserved' : priority <= 1 ? 'general' : 'repeat'
      return {
        kind: 'go',
        lane,
        priority,
        async finish(result) {
          if (result !== 'failed') {
            for (const [key, cost] of taken) await attempts.reward(key, cost)
            if (result === 'unchecked') return
            if (trustedPair) await streaks.delete(`pair:${pair}`)
            trust(pair)
            return
          }
          for (const [key] of taken) {
            const left = (await attempts.get(key))?.remainingPoints ?? FREE_ATTEMPTS
            const inBackOff = (await streaks.get(key)) !== null
            if (left > 0 && !inBackOff) continue
            const streak = await streaks.penalty(key)
            const seconds = Math.min(MAX_BACKOFF_S, 2 ** Math.min(30, streak.consumedPoints - 1))
            await attempts.block(key, seconds)
          }
        },
      }
    },
  }
}
