// What a refresh did, in plain words, until it ends: the queued pull followed to its outcome,
// why Codat said no, or, when its answer could not be read, that the outcome is unknown.
import { Link } from '@tanstack/react-router'
import type { ReactNode } from 'react'
import { CodatApiError } from '../../api/client.ts'
import type { DataStatus, PullOperation } from '../../api/schemas.ts'
import { CodatErrorDetails, describeError } from '../../components/error-panel.tsx'
import { InstantTime } from '../../components/instant-time.tsx'
import { formatDuration } from '../../lib/dates.ts'
import { UUID_SOURCE } from '../../lib/uuid.ts'
import { FollowedAll, FollowedOperation, type FollowedTone } from './followed-refresh.tsx'

export type RefreshFeedback =
  | { kind: 'queued'; dataType: string; operation: PullOperation; connectionLabel?: string }
  /** `before`: each data type's latest pull when the refresh was sent, to spot the new ones. */
  | { kind: 'queued-all'; skipped: readonly string[]; before: Readonly<Record<string, string>> }
  | { kind: 'already-running'; dataType?: string; runningId?: string }
  | { kind: 'rate-limited'; what: string; retryAt?: number }
  | { kind: 'unknown'; what: string; status?: number; correlationId?: string }
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
  // Codat answered, but not in a shape we can read: it may well have queued the pull.
  if (error instanceof CodatApiError && error.kind === 'invalid-response') {
    return { kind: 'unknown', what, status: error.status, correlationId: error.correlationId }
  }
  return { kind: 'failed', what, error }
}

interface RefreshFeedbackCalloutProps {
  id?: string
  companyId: string
  feedback: RefreshFeedback
  /** The grid's rows now, to follow a "Refresh all" to its end. */
  rows: readonly DataStatus[]
  now: number
  onDismiss: () => void
}

export function RefreshFeedbackCallout(props: RefreshFeedbackCalloutProps) {
  const { companyId, feedback, rows, now } = props
  const frame = (tone: FollowedTone, children: ReactNode, isUrgent = false) => (
    <div
      id={props.id}
      className="callout refresh-feedback"
      data-tone={tone}
      // Followed feedback changes in place: one polite region announces each change.
      role={isUrgent ? 'alert' : 'status'}
    >
      <div className="grow">{children}</div>
      <button type="button" className="small" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  )
  switch (feedback.kind) {
    case 'queued':
      return (
        <FollowedOperation
          companyId={companyId}
          feedback={feedback}
          render={(t, c) => frame(t, c)}
        />
      )
    case 'queued-all':
      return <FollowedAll feedback={feedback} rows={rows} render={(t, c) => frame(t, c)} />
    case 'already-running':
      return frame('warn', <AlreadyRunning companyId={companyId} feedback={feedback} />, true)
    case 'rate-limited':
      return frame('warn', <RateLimited feedback={feedback} now={now} />, true)
    case 'unknown':
      return frame(
        'warn',
        <>
          <strong>
            Outcome unknown: Codat&rsquo;s answer to the refresh of {feedback.what} could not be
            read.
          </strong>
          <p>
            The refresh may well have been queued. The grid and the history are being read again, so
            a new pull shows there if there is one; check before refreshing again.
          </p>
          <p>
            Known: HTTP status {feedback.status ?? 'not received'}; correlation ID{' '}
            {feedback.correlationId ? <code>{feedback.correlationId}</code> : 'none given'}.{' '}
            <Link to="/companies/$companyId" params={{ companyId }} search={{ tab: 'history' }}>
              Open the history
            </Link>
          </p>
        </>,
      )
    case 'failed': {
      const info = describeError(feedback.error)
      return frame(
        'error',
        <>
          <strong>
            Could not refresh {feedback.what}: {info.title}
          </strong>
          <p>{info.detail}</p>
          <CodatErrorDetails info={info} />
        </>,
        true,
      )
    }
  }
}

function AlreadyRunning(props: {
  companyId: string
  feedback: Extract<RefreshFeedback, { kind: 'already-running' }>
}) {
  const { companyId, feedback } = props
  return (
    <>
      <strong>
        {feedback.dataType
          ? `${feedback.dataType} is already being refreshed.`
          : 'A refresh is already running.'}
      </strong>
      <p>
        Codat runs one pull at a time per data type, so it refused to queue another while the
        previous one is still in progress. Nothing is lost: wait for it to finish (the grid shows
        its progress), then refresh again if you still need to.
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
}

function RateLimited(props: {
  feedback: Extract<RefreshFeedback, { kind: 'rate-limited' }>
  now: number
}) {
  const { feedback, now } = props
  const waitMs = feedback.retryAt === undefined ? 0 : feedback.retryAt - now
  return (
    <>
      <strong>Codat's rate limit was reached (429): {feedback.what} not refreshed.</strong>
      {feedback.retryAt === undefined ? (
        <p>Codat did not say how long to wait. Try again in a minute.</p>
      ) : waitMs > 0 ? (
        <p>
          Codat accepts a retry after <InstantTime epochMs={feedback.retryAt} /> (in{' '}
          {formatDuration(roundWait(waitMs))}). Refresh buttons stay disabled until then.
        </p>
      ) : (
        <p>The wait Codat asked for is over: you can refresh again.</p>
      )}
    </>
  )
}

/** Seconds for a short wait; whole minutes for a long one, which nobody watches tick. */
function roundWait(ms: number): number {
  return ms > 120_000 ? Math.ceil(ms / 60_000) * 60_000 : Math.ceil(ms / 1000) * 1000
}
