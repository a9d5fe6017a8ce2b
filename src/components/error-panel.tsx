// Explains a failed request in plain words: what happened, Codat's message, the correlation ID,
// and a retry, with a countdown while a 429's Retry-After runs.
import { CodatApiError } from '../api/client.ts'
import {
  LONG_WAIT_MS,
  retryButtonLabel,
  timeOfDay,
  useRetryAfterCountdown,
} from './use-retry-after.ts'
import { useTimeZone } from './use-time-zone.ts'

interface ErrorPanelProps {
  error: unknown
  /** What was being loaded, e.g. "data status" or "pull operation 97d6…". */
  what: string
  onRetry?: () => void
  /** True while React Query is already retrying (or waiting to retry) in the background. */
  isRetrying?: boolean
  /**
   * When the error arrived (React Query's `errorUpdatedAt`, or `dataUpdatedAt`-style epoch ms).
   * Retry-After counts from then; without it, from when the panel first sees this error.
   */
  errorUpdatedAt?: number
}

export function ErrorPanel({ error, what, onRetry, isRetrying, errorUpdatedAt }: ErrorPanelProps) {
  const info = describeError(error, what)
  const asker = isFromConsole(error) ? 'The console' : 'Codat'
  const { waitMs, deadline } = useRetryAfterCountdown(error, errorUpdatedAt)
  const waitSeconds = Math.ceil(waitMs / 1000)
  const { timeZone } = useTimeZone()
  // A long wait (a spent daily quota) reads better as a time of day than as seconds.
  const waitText =
    waitMs > LONG_WAIT_MS ? `until ${timeOfDay(deadline, timeZone)}` : `${waitSeconds} s`
  return (
    <div className="callout" data-tone="error" role="alert">
      <strong>
        {isRetrying ? 'Still trying to load' : 'Could not load'} {what}: {info.title}
      </strong>
      <p>{info.detail}</p>
      <CodatErrorDetails info={info} />
      {waitMs > 0 && (
        <p role="timer" aria-live="off">
          {isRetrying
            ? `${asker} asked us to wait: retrying automatically ${waitMs > LONG_WAIT_MS ? `at ${timeOfDay(deadline, timeZone)}` : `in ${waitSeconds} s`}.`
            : `${asker} asked us to wait ${waitText} before trying again.`}
        </p>
      )}
      {onRetry && (
        <p className="row">
          <button type="button" onClick={onRetry} disabled={waitMs > 0 || isRetrying}>
            {retryButtonLabel(waitMs, deadline, isRetrying, timeZone)}
          </button>
        </p>
      )}
    </div>
  )
}

interface ErrorInfo {
  title: string
  detail: string
  codatMessage?: string
  /** The message came from the console's own proxy, not from Codat. */
  isConsoleMessage?: boolean
  correlationId?: string
}

/** The console's proxy answered (queue full, Codat too slow …) rather than Codat itself. */
function isFromConsole(error: unknown): boolean {
  return error instanceof CodatApiError && error.body?.service === 'ConsoleProxy'
}

/** `what` names the missing thing in a 404, e.g. "the company". */
export function describeError(error: unknown, what = 'the item'): ErrorInfo {
  if (!(error instanceof CodatApiError)) {
    return {
      title: 'unexpected error',
      detail: error instanceof Error ? error.message : String(error),
    }
  }
  const base = {
    codatMessage: error.body?.error ?? undefined,
    isConsoleMessage: isFromConsole(error),
    correlationId: error.correlationId,
  }
  if (
    error.kind === 'http' &&
    error.queuedMs !== undefined &&
    [503, 504].includes(error.status ?? 0)
  )
    return { ...base, ...describeQueued(error.status ?? 504, error.queuedMs) }
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
      return {
        ...base,
        title: error.fieldPath ? `unexpected answer at ${error.fieldPath}` : 'unexpected answer',
        detail: error.message,
      }
    case 'invalid-request':
      return { ...base, title: 'invalid input', detail: error.message }
    case 'http':
      return { ...base, ...describeStatus(error.status, what) }
  }
}

/** A 503/504 the console gave because the request waited behind other requests to Codat. */
function describeQueued(status: number, queuedMs: number): { title: string; detail: string } {
  const waited = queuedMs >= 1000 ? ` for ${Math.round(queuedMs / 1000)} s` : ''
  return {
    title: `queued behind other requests (${status})`,
    detail:
      status === 503
        ? 'Several of your requests to Codat are already under way or waiting, so this one was not sent. Try again in a moment.'
        : `It waited${waited} behind other requests to Codat and could not finish in time. Try again shortly.`,
  }
}

function describeStatus(
  status: number | undefined,
  what: string,
): { title: string; detail: string } {
  switch (status) {
    case 401:
      return {
        title: 'not authorised (401)',
        detail:
          'Codat refused the API key. Check the key the console is configured with (it may be revoked or mistyped).',
      }
    case 403:
      return {
        title: 'forbidden (403)',
        detail:
          'The API key or your role does not allow this. Ask an administrator for a key or role with access.',
      }
    case 404:
      return {
        title: 'not found (404)',
        detail: `Codat says ${what} does not exist. Check the ID in the address.`,
      }
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

/** Codat's own words and the correlation ID support will ask for, when the error carries them. */
export function CodatErrorDetails({
  info,
}: {
  info: {
    codatMessage?: string | undefined
    isConsoleMessage?: boolean | undefined
    correlationId?: string | undefined
  }
}) {
  return (
    <>
      {info.codatMessage && (
        <p>
          {info.isConsoleMessage ? 'The console said' : 'Codat said'}: <q>{info.codatMessage}</q>
        </p>
      )}
      {info.correlationId && (
        <p>
          {info.isConsoleMessage
            ? "Request ID (in the console's log)"
            : 'Correlation ID (quote it to Codat support)'}
          : <code>{info.correlationId}</code>
        </p>
      )}
    </>
  )
}
