// What a refresh did, in plain words: the queued pull operation, or why Codat said no.
import { Link } from '@tanstack/react-router'
import { CodatApiError } from '../../api/client'
import type { PullOperation } from '../../api/schemas'
import { CodatErrorDetails, describeError } from '../../components/error-panel'
import { StatusBadge } from '../../components/status-badge'
import { formatDuration } from '../../lib/dates'
import { UUID_SOURCE } from '../../lib/uuid'

export type RefreshFeedback =
  | { kind: 'queued'; dataType: string; operation: PullOperation; connectionLabel?: string }
  | { kind: 'queued-all'; skipped: readonly string[] }
  | { kind: 'already-running'; dataType?: string; runningId?: string }
  | { kind: 'rate-limited'; what: string; retryAt?: number }
  | { kind: 'failed'; what: string; error: unknown }

const RUNNING_ID = new RegExp(`previous sync (${UUID_SOURCE})`, 'i')

/** Turns a refused refresh into feedback; `what` names it, e.g. "invoices" or "all data types". */
export function feedbackForError(error: unknown, what: string, dataType?: string): RefreshFeedback {
  if (error instanceof CodatApiError && error.isAlreadyInProgress) {
    const said = error.body?.error ?? error.bodyText ?? ''
    return { kind: 'already-running', dataType, runningId: RUNNING_ID.exec(said)?.[1] }
  }
  if (error instanceof CodatApiError && error.status === 429) {
    const retryAt = error.retryAfterMs === undefined ? undefined : Date.now() + error.retryAfterMs
    return { kind: 'rate-limited', what, retryAt }
  }
  return { kind: 'failed', what, error }
}

const timeOfDay = new Intl.DateTimeFormat('en-GB', { timeStyle: 'medium' })

interface RefreshFeedbackCalloutProps {
  id?: string
  companyId: string
  feedback: RefreshFeedback
  now: number
  onDismiss: () => void
}

export function RefreshFeedbackCallout({
  id,
  companyId,
  feedback,
  now,
  onDismiss,
}: RefreshFeedbackCalloutProps) {
  const isGood = feedback.kind === 'queued' || feedback.kind === 'queued-all'
  return (
    <div
      id={id}
      className="callout refresh-feedback"
      data-tone={isGood ? 'ok' : feedback.kind === 'failed' ? 'error' : 'warn'}
      role={isGood ? 'status' : 'alert'}
    >
      <div className="grow">
        <FeedbackText companyId={companyId} feedback={feedback} now={now} />
      </div>
      <button type="button" className="small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}

function FeedbackText({
  companyId,
  feedback,
  now,
}: {
  companyId: string
  feedback: RefreshFeedback
  now: number
}) {
  switch (feedback.kind) {
    case 'queued':
      return (
        <>
          <strong>
            Refresh of {feedback.dataType} queued
            {feedback.connectionLabel ? ` on ${feedback.connectionLabel}` : ''}.
          </strong>
          <p className="row">
            <span>New pull operation:</span>
            <Link
              to="/companies/$companyId/operations/$datasetId"
              params={{ companyId, datasetId: feedback.operation.id }}
              className="mono"
            >
              {feedback.operation.id}
            </Link>
            <StatusBadge status={feedback.operation.status} />
          </p>
          <p>The grid below follows it until it finishes.</p>
        </>
      )
    case 'queued-all':
      return (
        <>
          <strong>Refresh of all data types requested.</strong>
          <p>
            Codat queues every data type set to fetch on first link, on each linked connection. The
            grid below follows them as they run.
            {feedback.skipped.length > 0 &&
              ` Already running, so not queued again: ${feedback.skipped.join(', ')}.`}
          </p>
        </>
      )
    case 'already-running':
      return (
        <>
          <strong>
            {feedback.dataType
              ? `${feedback.dataType} is already being refreshed.`
              : 'A refresh is already running.'}
          </strong>
          <p>
            Codat runs one pull at a time per data type, so it refused to queue another while the
            previous one is still in progress. Nothing is lost: wait for it to finish (the grid
            shows its progress), then refresh again if you still need to.
          </p>
          {feedback.runningId && (
            <p>
              <Link
                to="/companies/$companyId/operations/$datasetId"
                params={{ companyId, datasetId: feedback.runningId }}
              >
                See the pull operation that is running
              </Link>
            </p>
          )}
        </>
      )
    case 'rate-limited': {
      const waitMs = feedback.retryAt === undefined ? 0 : feedback.retryAt - now
      return (
        <>
          <strong>Codat's rate limit was reached (429): {feedback.what} not refreshed.</strong>
          {feedback.retryAt === undefined ? (
            <p>Codat did not say how long to wait. Try again in a minute.</p>
          ) : waitMs > 0 ? (
            <p>
              Codat accepts a retry after{' '}
              <time dateTime={new Date(feedback.retryAt).toISOString()}>
                {timeOfDay.format(feedback.retryAt)}
              </time>{' '}
              (in {formatDuration(Math.ceil(waitMs / 1000) * 1000)}). Refresh buttons stay disabled
              until then.
            </p>
          ) : (
            <p>The wait Codat asked for is over: you can refresh again.</p>
          )}
        </>
      )
    }
    case 'failed': {
      const info = describeError(feedback.error)
      return (
        <>
          <strong>
            Could not refresh {feedback.what}: {info.title}
          </strong>
          <p>{info.detail}</p>
          <CodatErrorDetails info={info} />
        </>
      )
    }
  }
}
