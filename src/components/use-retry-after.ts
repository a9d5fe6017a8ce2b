// Codat's Retry-After as a deadline: when a 429 lets us try again, and how to say it.
import { useEffect, useState } from 'react'
import { CodatApiError } from '../api/client.ts'
import { formatInstant } from '../lib/dates.ts'

/** Longer waits are shown as a time of day; shorter ones count down in seconds. */
export const LONG_WAIT_MS = 120_000

/** "14:03 GMT": the time of day with its zone's name, in `timeZone` (the browser's if omitted). */
export function timeOfDay(epochMs: number, timeZone?: string): string {
  return formatInstant(epochMs, { timeZone, style: 'clock-minutes' })
}

/** When Codat accepts a retry after this error (epoch ms), or 0 if it set no Retry-After. */
export function retryAfterDeadline(error: unknown, receivedAt: number): number {
  const waitMs = error instanceof CodatApiError ? error.retryAfterMs : undefined
  return waitMs ? receivedAt + waitMs : 0
}

/** "Retry after 14:03 GMT", "Retry in 4 s", "Retrying…" or "Retry". */
export function retryButtonLabel(
  waitMs: number,
  deadline: number,
  isRetrying = false,
  timeZone?: string,
): string {
  if (waitMs > LONG_WAIT_MS) return `Retry after ${timeOfDay(deadline, timeZone)}`
  if (waitMs > 0) return `Retry in ${Math.ceil(waitMs / 1000)} s`
  return isRetrying ? 'Retrying…' : 'Retry'
}

/**
 * Milliseconds until Codat's Retry-After for this error has passed. The deadline belongs to the
 * error instance: a new 429 (a new error object) with its own Retry-After starts a new countdown.
 */
export function useRetryAfterCountdown(
  error: unknown,
  errorUpdatedAt: number | undefined,
): { waitMs: number; deadline: number } {
  const [now, setNow] = useState(currentTime)
  const [tracked, setTracked] = useState(() => ({
    error,
    errorUpdatedAt,
    deadline: retryAfterDeadline(error, errorUpdatedAt ?? Date.now()),
  }))
  if (tracked.error !== error || tracked.errorUpdatedAt !== errorUpdatedAt) {
    // Adjusting state while rendering, as React recommends for state derived from a prop change.
    const at = currentTime()
    setTracked({ error, errorUpdatedAt, deadline: retryAfterDeadline(error, errorUpdatedAt ?? at) })
    setNow(at)
  }
  const { deadline } = tracked
  useEffect(() => {
    if (deadline <= currentTime()) return
    const timer = setInterval(() => {
      const at = currentTime()
      setNow(at)
      if (at >= deadline) clearInterval(timer)
    }, 250)
    return () => clearInterval(timer)
  }, [deadline])
  return { waitMs: Math.max(0, deadline - now), deadline }
}

function currentTime(): number {
  return Date.now()
}
