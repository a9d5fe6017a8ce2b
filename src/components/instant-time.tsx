// One of the console's own moments (when data was read, when to retry) in the chosen zone.
import { formatInstant, type TimeStyle } from '../lib/dates.ts'
import { useTimeZone } from './use-time-zone.ts'

interface InstantTimeProps {
  epochMs: number
  /** Default `clock`: "14:03:05 UTC"; the full date and time are on hover. */
  style?: TimeStyle
}

export function InstantTime({ epochMs, style = 'clock' }: InstantTimeProps) {
  const { timeZone } = useTimeZone()
  return (
    <time dateTime={new Date(epochMs).toISOString()} title={formatInstant(epochMs, { timeZone })}>
      {formatInstant(epochMs, { timeZone, style })}
    </time>
  )
}
