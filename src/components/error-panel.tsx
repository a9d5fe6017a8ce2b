// Explains a failed request in plain words: what happened, Codat's message, the correlation ID,
// and a retry, with a countdown while a 429's Retry-After runs.
import { useEffect, useState } from 'react'
import { CodatApiError } from '../api/client'

interface ErrorPanelProps {
  error: unknown
  /** What was being loaded, e.g. "data status". */
  what: string
  onRetry?: () => void
  /** True while React Query is already retrying in the background. */
  isRetrying?: boolean
}

export function ErrorPanel({ error, what, onRetry, isRetrying }: ErrorPanelProps) {
  const info = describeError(error)
  const waitMs = useCountdown(error instanceof CodatApiError ? error.retryAfterMs : undefined)
  return (
    <div className="callout" data-tone="error" role="alert">
      <strong>
        Could not load {what}: {info.title}
      </strong>
      <p>{info.detail}</p>
      {info.codatMessage && (
        <p>
          Codat said: <q>{info.codatMessage}</q>
        </p>
      )}
      {info.correlationId && (
        <p>
          Correlation ID (quote it to Codat support): <code>{info.correlationId}</code>
        </p>
      )}
      {onRetry && (
        <p className="row">
          <button type="button" onClick={onRetry} disabled={waitMs > 0 || isRetrying}>
            {waitMs > 0
              ? `Retry in ${Math.ceil(waitMs / 1000)} s`
              : isRetrying
                ? 'Retrying…'
                : 'Retry'}
          </button>
          {waitMs > 0 && (
            <span className="muted" aria-live="polite">
              Codat asked us to wait before trying again.
            </span>
          )}
        </p>
      )}
    </div>
  )
}

interface ErrorInfo {
  title: string
  detail: string
  codatMessage?: string
  correlationId?: string
}

export function describeError(error: unknown): ErrorInfo {
  if (!(error instanceof CodatApiError)) {
    return {
      title: 'unexpected error',
      detail: error instanceof Error ? error.message : String(error),
    }
  }
  const base = { codatMessage: error.body?.error ?? undefined, correlationId: error.correlationId }
  switch (error.kind) {
    case 'network':
      return {
        ...base,
        title: 'no connection',
        detail: 'The request did not reach the server. Check the network and try again.',
      }
    case 'timeout':
      return {
        ...base,
        title: 'timed out',
        detail: 'Codat did not answer in time. It may be busy; try again shortly.',
      }
    case 'invalid-response':
      return { ...base, title: 'unexpected answer', detail: error.message }
    case 'invalid-request':
      return { ...base, title: 'invalid input', detail: error.message }
    case 'http':
      return { ...base, ...describeStatus(error.status) }
  }
}

function describeStatus(status: number | undefined): { title: string; detail: string } {
  switch (status) {
    case 401:
      return {
        title: 'not authorised (401)',
        detail: 'The API key was refused. Check the key the console is configured with.',
      }
    case 403:
      return { title: 'forbidden (403)', detail: 'The key or your role does not allow this.' }
    case 404:
      return { title: 'not found (404)', detail: 'Codat has no such item. Check the ID.' }
    case 429:
      return {
        title: 'rate limited (429)',
        detail: 'Too many requests for this Codat account right now.',
      }
    default:
      if (status !== undefined && status >= 500)
        return {
          title: `Codat error (${status})`,
          detail: 'Codat had a problem answering. Retrying usually helps.',
        }
      return {
        title: `request refused (${status ?? 'unknown status'})`,
        detail: 'Codat did not accept the request.',
      }
  }
}

function useCountdown(durationMs: number | undefined): number {
  const [deadline] = useState(() => (durationMs ? Date.now() + durationMs : 0))
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (deadline <= now) return
    const timer = setTimeout(() => setNow(Date.now()), 250)
    return () => clearTimeout(timer)
  }, [deadline, now])
  return Math.max(0, deadline - now)
}
