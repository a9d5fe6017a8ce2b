// Keeps the scanner inside Codat's limits: requests in flight, requests a minute, 429 pauses, quota reserve.

export interface RateGateOptions {
  concurrency: number
  perMinute: number
  /** Stop when X-Rate-Limit-Remaining falls below this share of X-Rate-Limit-Limit (0..1). */
  quotaReserve: number
  now?: () => number
  /** Answers without a 429, per slot in use, before one more slot opens after a 429. */
  growEvery?: number
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
  /** Rejects everything waiting and anything sent later (used on shutdown). */
  close(): void
}

interface Waiter {
  resolve: () => void
  reject: (error: Error) => void
}

const MINUTE_MS = 60_000

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
  let pause: GatePause | null = null
  let closed = false
  let timer: NodeJS.Timeout | undefined
  let timerAt = Infinity

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
      Math.max(0, at - now()),
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
      const seconds = retryAfterSeconds(headers.get('retry-after'), t)
      setPause(t + seconds * 1000, 'Codat rate limit (429)')
      window = 1
      cleanAnswers = 0
    } else if (window < options.concurrency) {
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

  function setPause(until: number, reason: string): void {
    if (!pause || until > pause.until) pause = { until, reason }
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
      pause = null
      clearTimeout(timer)
      timer = undefined
      timerAt = Infinity
      dispatch()
    },
    pausedUntil: () => (pause && pause.until > now() ? pause : null),
    inFlight: () => active,
    window: () => Math.min(window, options.concurrency),
    peakInFlight: () => peak,
    close() {
      closed = true
      clearTimeout(timer)
      const waiting = queue.splice(0)
      for (const waiter of waiting) waiter.reject(new Error('The scanner is stopping'))
    },
  }
}

/** Retry-After is seconds or an HTTP date; missing or odd values wait a minute, Codat's window. */
export function retryAfterSeconds(value: string | null, now: number): number {
  if (value && /^\d+$/.test(value.trim())) return Math.min(Number(value), 24 * 3600)
  const date = value ? Date.parse(value) : NaN
  if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now) / 1000))
  return 60
}

/** X-Rate-Limit-Reset is documented as a date; accept epoch seconds or seconds-from-now too. */
function resetTime(value: string | null, now: number): number {
  if (!value) return NaN
  const text = value.trim()
  if (/^\d+$/.test(text)) {
    const number = Number(text)
    return number > 1e9 ? number * 1000 : now + number * 1000
  }
  return Date.parse(text)
}
