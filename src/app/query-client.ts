// The app's QueryClient and its retry policy: retry what can heal, honour Retry-After, never POSTs.
import { notifyManager, QueryClient } from '@tanstack/react-query'
import { CodatApiError } from '../api/client.ts'

/** Retries after the first failure, so at most four attempts. */
export const MAX_RETRIES = 3
const BASE_DELAY_MS = 1000
const MAX_BACKOFF_MS = 30_000
/**
 * Longest `Retry-After` we wait out automatically. A longer one usually means the daily quota
 * is spent (it resets at 00:00 UTC): the query fails instead, and the error panel counts down.
 */
export const MAX_RETRY_AFTER_MS = 120_000

/**
 * React Query's `retry`. `failureCount` is the number of failures before this one (0 on the
 * first failure), matching how React Query calls it.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_RETRIES) return false
  // Anything else (a bug, a cancellation) will not heal by repeating.
  if (!(error instanceof CodatApiError)) return false
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return true
    case 'invalid-request':
    case 'invalid-response':
      // The same request gets the same answer.
      return false
    case 'http': {
      const status = error.status ?? 0
      if (status === 429) return (error.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS
      return status === 408 || status >= 500
    }
  }
}

/** React Query's `retryDelay`: 1 s, 2 s, 4 s… capped at 30 s, but never before Retry-After. */
export function retryDelay(attempt: number, error: unknown): number {
  const backoff = Math.min(BASE_DELAY_MS * 2 ** attempt, MAX_BACKOFF_MS)
  const retryAfter = error instanceof CodatApiError ? error.retryAfterMs : undefined
  return retryAfter === undefined
    ? backoff
    : Math.max(backoff, Math.min(retryAfter, MAX_RETRY_AFTER_MS))
}

/**
 * For "retrying in N s" while React Query waits between attempts. During that wait the query
 * has no `error` yet: `failureCount` and `failureReason` (from `useQuery`) describe the last
 * failure. Returns the wait that followed it, or undefined if no retry comes. Start the
 * countdown when `failureCount` changes; once the query errors for good, the error's
 * `retryAfterMs` with `errorUpdatedAt` tells when Codat will accept a manual retry.
 */
export function nextRetryDelayMs(failureCount: number, failureReason: unknown): number | undefined {
  if (failureCount < 1) return undefined
  const attempt = failureCount - 1
  return shouldRetry(attempt, failureReason) ? retryDelay(attempt, failureReason) : undefined
}

export function createQueryClient(): QueryClient {
  // Components hear of new data in the same task that checked it, not a timer later: a
  // 5,000-row answer then renders before the browser paints a frame in between.
  notifyManager.setScheduler(queueMicrotask)
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        // Codat's quota is per day; a few seconds of freshness saves a request on every mount.
        staleTime: 5_000,
      },
      mutations: {
        // Refresh POSTs queue work at Codat; repeating one silently could queue it twice.
        retry: false,
      },
    },
  })
}
