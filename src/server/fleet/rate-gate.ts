// Keeps the scanner inside Codat's limits: requests in flight, requests a minute, 429 pauses, quota reserve.

export interface RateGateOptions {
  concurrency: number
  perMinute: number
  /** Stop when X-Rate-Limit-Remaining falls below this share of X-Rate-Limit-Limit (0..1). */
  quotaReserve: number
  now?: () => number
}

export interface GatePause {
  until: number
  reason: string
}

export interface RateGate {
  /** Runs `send` once a slot is free and no pause is on; the answer's headers feed the limits. */
  run<T extends { status: number; headers: Headers }>(send: () => Promise<T>): Promise<T>
  pause(until: number, reason: string): void
  resume(): void
  pausedUntil(): GatePause | null
  inFlight(): number
  /** The most requests in flight at one moment, for tests and the benchmark. */
  peakInFlight(): number
  /** Wakes sleepers so they give up (used on shutdown). */
  close(): void
}

const MINUTE_MS = 60_000

export function createRateGate(options: RateGateOptions): RateGate {
  const now = options.now ?? Date.now
  const started: number[] = []
  let active = 0
  let peak = 0
  let pause: GatePause | null = null
  let closed = false
  let wake: (() => void)[] = []

  const notify = () => {
    const sleepers = wake
    wake = []
    for (const resolve of sleepers) resolve()
  }
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          wake = wake.filter((w) => w !== done)
          resolve()
        },
        Math.max(0, ms),
      )
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      wake.push(done)
    })

  async function acquire(): Promise<void> {
    for (;;) {
      if (closed) throw new Error('The scanner is stopping')
      const t = now()
      if (pause && pause.until <= t) pause = null
      if (pause) {
        await sleep(pause.until - t)
        continue
      }
      while (started.length > 0 && (started[0] ?? 0) <= t - MINUTE_MS) started.shift()
      if (started.length >= options.perMinute) {
        await sleep((started[0] ?? t) + MINUTE_MS - t)
        continue
      }
      if (active >= options.concurrency) {
        await sleep(60_000)
        continue
      }
      active += 1
      peak = Math.max(peak, active)
      started.push(t)
      return
    }
  }

  function observe(status: number, headers: Headers): void {
    const t = now()
    if (status === 429) {
      const seconds = retryAfterSeconds(headers.get('retry-after'), t)
      setPause(t + seconds * 1000, 'Codat rate limit (429)')
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
    async run(send) {
      await acquire()
      try {
        const answer = await send()
        observe(answer.status, answer.headers)
        return answer
      } finally {
        active -= 1
        notify()
      }
    },
    pause(until, reason) {
      setPause(until, reason)
    },
    resume() {
      pause = null
      notify()
    },
    pausedUntil: () => (pause && pause.until > now() ? pause : null),
    inFlight: () => active,
    peakInFlight: () => peak,
    close() {
      closed = true
      notify()
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
