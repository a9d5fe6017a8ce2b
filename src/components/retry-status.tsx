// A loading line that says why it is taking long: Codat's 429 or 503, the wait, and the attempt.
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { CodatApiError } from '../api/client.ts'
import { useNow } from './use-now.ts'

interface RetryStatusProps {
  /** What is loading, e.g. "company" for "Loading company…". */
  what: string
  /** React Query's `failureCount` and `failureReason` for the query being loaded. */
  failureCount: number
  failureReason: unknown
  className?: string
}

/**
 * "Loading company…" at first; once an attempt failed and React Query waits to try again, the
 * reason, the seconds left and the attempt ("Codat is rate limiting; retrying in 4 s, attempt
 * 2 of 4"). The wait and the number of attempts come from the QueryClient's own retry policy.
 */
export function RetryStatus({ what, failureCount, failureReason, className }: RetryStatusProps) {
  const retryPolicy = useRetryPolicy()
  const [failure, setFailure] = useState(() => ({ count: failureCount, at: currentTime() }))
  if (failure.count !== failureCount) {
    // Adjusting state while rendering: the wait starts when this failure arrived.
    setFailure({ count: failureCount, at: currentTime() })
  }
  const delayMs = failureCount > 0 ? retryPolicy.delayAfter(failureCount, failureReason) : undefined
  const now = useNow(delayMs === undefined ? false : 1000)
  const seconds = delayMs === undefined ? 0 : Math.ceil((failure.at + delayMs - now) / 1000)
  const text =
    delayMs === undefined
      ? `Loading ${what}…`
      : `${describeCause(failureReason)}; ${seconds > 0 ? `retrying in ${seconds} s` : 'retrying now'}, attempt ${failureCount + 1} of ${retryPolicy.attempts}`
  return (
    <p className={className ?? 'skeleton'} role="status" aria-busy="true">
      {text}
    </p>
  )
}

function currentTime(): number {
  return Date.now()
}

function describeCause(error: unknown): string {
  if (error instanceof CodatApiError) {
    if (error.status === 429) return 'Codat is rate limiting'
    if (error.status === 503) return 'Codat is unavailable'
    if (error.kind === 'timeout') return 'Codat did not answer in time'
    if (error.kind === 'network') return 'No connection to the server'
    if (error.status !== undefined && error.status >= 500)
      return `Codat had a problem (${error.status})`
  }
  return 'The last attempt failed'
}

/** The client's `retry` and `retryDelay`, read from its defaults so every screen agrees. */
function useRetryPolicy() {
  const { retry, retryDelay } = useQueryClient().getDefaultOptions().queries ?? {}
  // Attempts in all: the first plus the most retries allowed (React Query's 3 for a function).
  const maxRetries = typeof retry === 'number' ? retry : retry === false ? 0 : 3
  return {
    attempts: maxRetries + 1,
    /** The wait before the next attempt, or undefined when none will come. */
    delayAfter(failureCount: number, error: unknown): number | undefined {
      const attempt = failureCount - 1
      const willRetry =
        typeof retry === 'function'
          ? retry(attempt, error as Error)
          : typeof retry === 'number'
            ? attempt < retry
            : retry !== false
      if (!willRetry) return undefined
      if (typeof retryDelay === 'function') return retryDelay(attempt, error as Error)
      return typeof retryDelay === 'number' ? retryDelay : Math.min(1000 * 2 ** attempt, 30_000)
    },
  }
}
