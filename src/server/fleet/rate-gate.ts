// Keeps the scanner inside Codat's limits: requests in flight, requests a minute, 429 pauses, quota reserve.
import type { QuotaReading } from '../../lib/bulk-refresh.ts'
import { MAX_PAUSE_MS } from './reading-bounds.ts'

export interface RateGateOptions {
  concurrency: number
  perMinute: number
  /** Stop when X-Rate-Limit-Remaining falls below this share of X-Rate-Limit-Limit (0..1). */
  quotaReserve: number
  now?: () => number
  /** Answers without a 429, per slot in use, before one more slot opens after a 429. */
  growEvery?: number
  /** Called when a pause begins, grows or is lifted (one that runs out is not announced). */
  onPauseChange?: () => void
}

export interface GatePause {
  until: number
  reason: string
}

export interface RunOptions {
  /** The same read again after a 429 or an error: it goes before reads not yet tried. */
  isRetry?: boolean
}

export interface RateGate {
  /** Runs `send` once a slot is free and no pause is on; the answer's headers feed the limits. */
  run<T extends { status: number; headers: Headers }>(
    send: () => Promise<T>,
    runOptions?: RunOptions,
  ): Promise<T>
  pause(until: number, reason: string): void
  resume(): void
  pausedUntil(): GatePause | null
  inFlight(): number
  /** How many requests may be in flight now: the concurrency, or fewer while recovering from a 429. */
  window(): number
  /** The most requests in flight at one moment, for tests and the benchmark. */
  peakInFlight(): number
  /** What Codat's X-Rate-Limit-* headers said last; null until an answer carried them. */
  quota(): QuotaReading | null
  /** Rejects everything waiting and anything sent later (used on shutdown). */
  close(): void
}

interface Waiter {
  resolve: () => void
  reject: (error: Error) => void
}

const MINUTE_MS = 60_000
/** The shortest pause after a 429, doubled for each 429 in a row up to the last, whatever Retry-After says. */
const FLOOR_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000]

/**
 * One queue, served in order (retries first), by one dispatcher. After a 429 the whole gate
 * waits for Retry-After, then lets one request through and opens one more slot each time
 * `growEvery` answers per slot came back without a 429 (additive increase, multiplicative
 * decrease), so the slots never rush back together and collide again.
 */
export function createRateGate(options: RateGateOptions): RateGate {
  const now = options.now ?? Date.now
  const growEvery = options.growEvery ?? 8
  const started: number[] = []
  const queue: Waiter[] = []
  let active = 0
  let peak = 0
  let window = options.concurrency
  let cleanAnswers = 0
  let limitedInARow = 0
  let pause: GatePause | null = null
  let closed = false
  let timer: NodeJS.Timeout | undefined
  let timerAt = Infinity
  let quota: QuotaReading | null = null

  function wakeAt(at: number): void {
    if (timer && timerAt <= at) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(
      () => {
        timer = undefined
        timerAt = Infinity
        dispatch()
      },
      // Pauses are capped well below setTimeout's limit (24.8 days), past which it fires at once.
      Math.min(Math.max(0, at - now()), MAX_PAUSE_MS),
    )
  }

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      const t = now()
      if (pause && pause.until <= t) pause = null
      if (pause) return wakeAt(pause.until)
      while (started.length > 0 && (started[0] ?? 0) <= t - MINUTE_MS) started.shift()
      if (started.length >= options.perMinute) return wakeAt((started[0] ?? t) + MINUTE_MS)
      if (active >= Math.min(window, options.concurrency)) return
      const next = queue.shift() as Waiter
      active += 1
      peak = Math.max(peak, active)
      started.push(t)
      next.resolve()
    }
  }

  function acquire(isRetry: boolean): Promise<void> {
    if (closed) return Promise.reject(new Error('The scanner is stopping'))
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject }
      if (isRetry) queue.unshift(waiter)
      else queue.push(waiter)
      dispatch()
    })
  }

  function observe(status: number, headers: Headers): void {
    const t = now()
    if (status === 429) {
      const asked = retryAfterSeconds(headers.get('retry-after'), t) * 1000
      const floor = FLOOR_MS[Math.min(limitedInARow, FLOOR_MS.length - 1)] ?? MINUTE_MS
      limitedInARow += 1
      setPause(t + Math.max(asked, floor), 'Codat rate limit (429)')
      window = 1
      cleanAnswers = 0
      return
    }
    limitedInARow = 0
    if (window < options.concurrency) {
      cleanAnswers += 1
      if (cleanAnswers >= growEvery * window) {
        window += 1
        cleanAnswers = 0
      }
    }
    const limit = Number(headers.get('x-rate-limit-limit'))
    const remaining = Number(headers.get('x-rate-limit-remaining'))
    const reset = resetTime(headers.get('x-rate-limit-reset'), t)
    if (
      headers.has('x-rate-limit-limit') &&
      headers.has('x-rate-limit-remaining') &&
      Number.isFinite(limit) &&
      Number.isFinite(remaining)
    )
      quota = {
        limit,
        remaining,
        resetAt: Number.isFinite(reset) ? new Date(reset).toISOString() : null,
        seenAt: new Date(t).toISOString(),
      }
    if (
      headers.has('x-rate-limit-remaining') &&
      Number.isFinite(limit) &&
      limit > 0 &&
      Number.isFinite(remaining) &&
      remaining < limit * options.quotaReserve &&
      Number.isFinite(reset) &&
      reset > t
    ) {
      setPause(reset, 'Daily quota reserve reached: leaving the rest for people using the console')
    }
  }

  /** Whatever a value from Codat says, a pause ends within MAX_PAUSE_MS. */
  function setPause(until: number, reason: string): void {
    if (Number.isNaN(until)) return
    const bounded = Math.min(until, now() + MAX_PAUSE_MS)
    if (!pause || bounded > pause.until) {
      pause = { until: bounded, reason }
      options.onPauseChange?.()
    }
  }

  return {
    async run(send, runOptions = {}) {
      await acquire(runOptions.isRetry ?? false)
      try {
        const answer = await send()
        observe(answer.status, answer.headers)
        return answer
      } finally {
        active -= 1
        dispatch()
      }
    },
    pause(until, reason) {
      setPause(until, reason)
    },
    resume() {
      const wasPaused = pause !== null
      pause = null
      if (wasPaused) options.onPauseChange?.()
      clearTimeout(timer)
      timer = undefined
      timerAt = Infinity
      dispatch()
    },
    pausedUntil: () => (pause && pause.until > now() ? pause : null),
    inFlight: () => active,
    window: () => Math.min(window, options.concurrency),
    peakInFlight: () => peak,
    quota: () => quota,
    close() {
      closed = true
      clearTimeout(timer)
      const waiting = queue.splice(0)
      for (const waiter of waiting) waiter.reject(new Error('The scanner is stopping'))
    },
  }
}

const MAX_PAUSE_SECONDS = MAX_PAUSE_MS / 1000

/**
 * Retry-After is seconds or an HTTP date; missing or odd values wait a minute, Codat's window.
 * At most MAX_PAUSE_MS, at least 0 (the gate adds its own floor).
 */
export function retryAfterSeconds(value: string | null, now: number): number {
  const text = value?.trim() ?? ''
  if (/^[+-]?\d+$/.test(text)) return Math.min(Math.max(0, Number(text)), MAX_PAUSE_SECONDS)
  // An HTTP date names its day and month ("Wed, 21 Oct 2026 07:28:00 GMT"); Date.parse alone
  // would read "-5" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN
  if (Number.isFinite(date))
    return Math.min(MAX_PAUSE_SECONDS, Math.max(0, Math.ceil((date - now) / 1000)))
  return 60
}

/**
 * X-Rate-Limit-Reset is documented as a date; accept epoch seconds or seconds-from-now too.
 * NaN for a value that is none of them; never later than MAX_PAUSE_MS from now.
 */
export function resetTime(value: string | null, now: number): number {
  if (!value) return NaN
  const text = value.trim()
  let at: number
  if (/^\d+$/.test(text)) {
    const number = Number(text)
    at = number > 1e9 ? number * 1000 : now + number * 1000
  } else at = Date.parse(text)
  return Number.isFinite(at) ? Math.min(at, now + MAX_PAUSE_MS) : NaN
}
