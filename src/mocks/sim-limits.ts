// Codat-like rate limits for the loopback simulation: requests in flight, per minute, daily quota, 429 + headers.

export interface SimLimitOptions {
  /** Requests answered at once; more get 429 (Codat: 10 per connected company). */
  concurrency?: number
  perMinute?: number
  /** Requests a day; the remaining count travels in X-Rate-Limit-Remaining. */
  dailyQuota?: number
  now?: () => number
}

export interface SimLimitStats {
  answered: number
  rejected: number
  inFlight: number
  peakInFlight: number
  quotaRemaining: number | null
  /** Start times of requests let through, for tests that check nothing was sent during a pause. */
  admittedAt: number[]
  rejectedAt: number[]
}

export type Admission =
  | { ok: true; headers: Record<string, string>; release: () => void }
  | { ok: false; headers: Record<string, string>; message: string }

export interface SimLimits {
  admit(): Admission
  stats(): SimLimitStats
}

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

export function createSimLimits(options: SimLimitOptions): SimLimits {
  const now = options.now ?? Date.now
  const minute: number[] = []
  const stats: SimLimitStats = {
    answered: 0,
    rejected: 0,
    inFlight: 0,
    peakInFlight: 0,
    quotaRemaining: options.dailyQuota ?? null,
    admittedAt: [],
    rejectedAt: [],
  }
  let day = Math.floor(now() / DAY_MS)

  const quotaHeaders = (t: number): Record<string, string> =>
    options.dailyQuota === undefined
      ? {}
      : {
          'X-Rate-Limit-Limit': String(options.dailyQuota),
          'X-Rate-Limit-Remaining': String(Math.max(0, stats.quotaRemaining ?? 0)),
          // The quota resets at 00:00 UTC.
          'X-Rate-Limit-Reset': new Date((Math.floor(t / DAY_MS) + 1) * DAY_MS).toISOString(),
        }

  const reject = (t: number, retryAfter: number, message: string): Admission => {
    stats.rejected += 1
    stats.rejectedAt.push(t)
    return {
      ok: false,
      message,
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfter))), ...quotaHeaders(t) },
    }
  }

  return {
    admit() {
      const t = now()
      if (Math.floor(t / DAY_MS) !== day) {
        day = Math.floor(t / DAY_MS)
        stats.quotaRemaining = options.dailyQuota ?? null
      }
      while (minute.length > 0 && (minute[0] ?? 0) <= t - MINUTE_MS) minute.shift()
      if (stats.quotaRemaining !== null && stats.quotaRemaining <= 0)
        return reject(t, ((day + 1) * DAY_MS - t) / 1000, 'Daily request quota exhausted')
      if (options.perMinute !== undefined && minute.length >= options.perMinute)
        return reject(t, ((minute[0] ?? t) + MINUTE_MS - t) / 1000, 'Too many requests this minute')
      if (options.concurrency !== undefined && stats.inFlight >= options.concurrency)
        return reject(t, 1, 'Too many concurrent requests')
      minute.push(t)
      stats.admittedAt.push(t)
      stats.inFlight += 1
      stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight)
      if (stats.quotaRemaining !== null) stats.quotaRemaining -= 1
      let released = false
      return {
        ok: true,
        headers: quotaHeaders(t),
        release: () => {
          if (released) return
          released = true
          stats.inFlight -= 1
          stats.answered += 1
        },
      }
    },
    stats: () => ({
      ...stats,
      admittedAt: [...stats.admittedAt],
      rejectedAt: [...stats.rejectedAt],
    }),
  }
}

/** Reads SIM_MAX_CONCURRENCY, SIM_REQUESTS_PER_MINUTE and SIM_DAILY_QUOTA; undefined when none is set. */
export function simLimitsFromEnv(
  env: Record<string, string | undefined>,
): SimLimitOptions | undefined {
  const read = (name: string) => {
    const text = env[name]?.trim()
    if (!text) return undefined
    if (!/^\d+$/.test(text) || Number(text) < 1)
      throw new Error(`${name} must be a whole number from 1, not "${text}"`)
    return Number(text)
  }
  const limits = {
    concurrency: read('SIM_MAX_CONCURRENCY'),
    perMinute: read('SIM_REQUESTS_PER_MINUTE'),
    dailyQuota: read('SIM_DAILY_QUOTA'),
  }
  if (Object.values(limits).every((value) => value === undefined)) return undefined
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined))
}
