// Data first: a failed background re-read keeps what is on screen and says it may be out of date.
import { describeError } from './error-panel'

interface StaleBannerProps {
  /** What could not be updated, e.g. "data status". */
  what: string
  error: Error
  /** What stays on screen, e.g. "The grid shows the last data loaded". */
  shown: string
  onRetry: () => void
  isRetrying: boolean
}

export function StaleBanner({ what, error, shown, onRetry, isRetrying }: StaleBannerProps) {
  const info = describeError(error, what)
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
      <button type="button" className="small" onClick={onRetry} disabled={isRetrying}>
        {isRetrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  )
}
