// Data first: a failed background re-read keeps what is on screen and says it may be out of date.
import { describeError } from './error-panel.tsx'
import { retryButtonLabel, useRetryAfterCountdown } from './use-retry-after.ts'
import { useTimeZone } from './use-time-zone.ts'

interface StaleBannerProps {
  /** What could not be updated, e.g. "data status". */
  what: string
  error: Error
  /** React Query's `errorUpdatedAt`: a 429's Retry-After counts from then. */
  errorUpdatedAt?: number
  /** What stays on screen, e.g. "The grid shows the last data loaded". */
  shown: string
  onRetry: () => void
  isRetrying: boolean
}

export function StaleBanner(props: StaleBannerProps) {
  const { what, error, errorUpdatedAt, shown, onRetry, isRetrying } = props
  const info = describeError(error, what)
  const { waitMs, deadline } = useRetryAfterCountdown(error, errorUpdatedAt)
  const { timeZone } = useTimeZone()
  return (
    <div className="callout stale-banner" data-tone="warn" role="alert">
      <div className="grow">
        <strong>
          Could not update {what}: {info.title}.
        </strong>
        <p>
          {info.detail} {shown} and may be out of date.
        </p>
      </div>
      <button type="button" className="small" onClick={onRetry} disabled={isRetrying || waitMs > 0}>
        {retryButtonLabel(waitMs, deadline, isRetrying, timeZone)}
      </button>
    </div>
  )
}
