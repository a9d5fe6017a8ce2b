// "5 minutes ago", with the absolute time and its zone on hover; ticks while on screen.
import { formatAbsolute, formatRelative, type CodatDate } from '../lib/dates'
import { useNow } from './use-now'

const TICK_MS = 30_000

/** For moments in the past: last sync, requested, completed. */
export function RelativeTime({ date }: { date: CodatDate }) {
  const now = useNow(TICK_MS)
  // The clock ticks every 30 s, so a moment just after the last tick (a sync that finished a
  // second ago) would read "in 12 seconds": it happened since the tick, so it is "just now".
  const reference = date.epochMs > now && date.epochMs - now <= TICK_MS ? date.epochMs : now
  const absolute = formatAbsolute(date)
  return (
    <time dateTime={new Date(date.epochMs).toISOString()} title={absolute}>
      {formatRelative(date.epochMs, reference)}
      {date.zone === 'unspecified' && (
        <span className="muted" title="Codat sent this time without a zone; it is shown as UTC">
          {' '}
          (no zone)
        </span>
      )}
    </time>
  )
}
