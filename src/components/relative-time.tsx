// "5 minutes ago", with the absolute time in the chosen zone on hover; ticks while on screen.
import { formatAbsolute, formatRelative, type CodatDate } from '../lib/dates.ts'
import { useNow } from './use-now.ts'
import { useTimeZone } from './use-time-zone.ts'
import { ZonelessMarker } from './zoneless-marker.tsx'

const TICK_MS = 30_000

interface RelativeTimeProps {
  date: CodatDate
  /** Leave out the "no zone" mark, when the absolute time beside it carries one already. */
  hideMarker?: boolean
}

/** For moments in the past: last sync, requested, completed. */
export function RelativeTime({ date, hideMarker = false }: RelativeTimeProps) {
  const now = useNow(TICK_MS)
  const { timeZone } = useTimeZone()
  // The clock ticks every 30 s, so a moment just after the last tick (a sync that finished a
  // second ago) would read "in 12 seconds": it happened since the tick, so it is "just now".
  const reference = date.epochMs > now && date.epochMs - now <= TICK_MS ? date.epochMs : now
  return (
    <>
      <time
        dateTime={new Date(date.epochMs).toISOString()}
        title={formatAbsolute(date, { timeZone })}
      >
        {formatRelative(date.epochMs, reference)}
      </time>
      {date.zone === 'unspecified' && !hideMarker && (
        <>
          {' '}
          <ZonelessMarker />
        </>
      )}
    </>
  )
}
