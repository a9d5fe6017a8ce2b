// Whether Codat is failing the scanner (5xx, no answer, rate limited for long), folded from what its requests saw.
import type { CodatReachability } from './alert-rules.ts'

/** What one request to Codat (or the scanner's rate gate) saw. */
export type CodatSignal =
  | { kind: 'answer'; status: number }
  | { kind: 'no-answer' }
  | { kind: 'paused'; untilMs: number; reason: string }
  | { kind: 'resumed' }

export interface CodatWatch {
  /** The start of an unbroken run of failed requests; null while requests succeed. */
  failingSinceMs: number | null
  failures: number
  reason: string
  /** When the rate gate began a pause that is still on, and until when; null without one. */
  pause: { sinceMs: number; untilMs: number; reason: string } | null
  /** When requests last began to succeed again. */
  reachableSinceMs: number
}

/** A run of failures this long (and this many) is an outage, not a blip the retries absorb. */
export const FAILING_FOR_MS = 60_000
export const FAILING_REQUESTS = 3
/** A rate-limit pause this long stops the scanner for long: told like an outage. */
export const LONG_PAUSE_MS = 15 * 60_000

export const INITIAL_CODAT_WATCH: CodatWatch = {
  failingSinceMs: null,
  failures: 0,
  reason: '',
  pause: null,
  reachableSinceMs: 0,
}

export function noteCodat(watch: CodatWatch, signal: CodatSignal, nowMs: number): CodatWatch {
  switch (signal.kind) {
    case 'paused':
      return {
        ...watch,
        pause: {
          sinceMs: watch.pause?.sinceMs ?? nowMs,
          untilMs: signal.untilMs,
          reason: signal.reason,
        },
      }
    case 'resumed':
      return watch.pause ? { ...watch, pause: null, reachableSinceMs: nowMs } : watch
    case 'no-answer':
      return failed(watch, 'no answer from Codat (network error or timeout)', nowMs)
    case 'answer':
      if (signal.status === 429)
        return failed(watch, 'Codat kept answering 429 (rate limited)', nowMs)
      if (signal.status >= 500) return failed(watch, `Codat answered ${signal.status}`, nowMs)
      if (watch.failingSinceMs === null) return watch
      return { ...watch, failingSinceMs: null, failures: 0, reachableSinceMs: nowMs }
  }
}

function failed(watch: CodatWatch, reason: string, nowMs: number): CodatWatch {
  return {
    ...watch,
    failingSinceMs: watch.failingSinceMs ?? nowMs,
    failures: watch.failures + 1,
    reason,
  }
}

/** The reachability the alert rules read: unreachable only for a long failure run or pause. */
export function codatReachability(watch: CodatWatch, nowMs: number): CodatReachability {
  const iso = (ms: number) => new Date(ms).toISOString()
  const { failingSinceMs, pause } = watch
  if (
    failingSinceMs !== null &&
    watch.failures >= FAILING_REQUESTS &&
    nowMs - failingSinceMs >= FAILING_FOR_MS
  )
    return { isReachable: false, since: iso(failingSinceMs), reason: watch.reason }
  if (pause && pause.untilMs > nowMs && pause.untilMs - pause.sinceMs >= LONG_PAUSE_MS)
    return { isReachable: false, since: iso(pause.sinceMs), reason: pause.reason }
  const since = pause && pause.untilMs <= nowMs ? pause.untilMs : watch.reachableSinceMs
  return { isReachable: true, since: iso(since) }
}
