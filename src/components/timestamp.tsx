// An absolute Codat time in the chosen zone with the zone's name, and a mark when it had none.
import { formatAbsolute, type CodatDate, type TimeStyle } from '../lib/dates.ts'
import { useTimeZone } from './use-time-zone.ts'
import { ZonelessMarker } from './zoneless-marker.tsx'

interface TimestampProps {
  date: CodatDate
  /** How much to show; the full time is always on hover. Default `full`. */
  style?: TimeStyle
}

export function Timestamp({ date, style = 'full' }: TimestampProps) {
  const { timeZone } = useTimeZone()
  const text = formatAbsolute(date, { timeZone, style, withMarker: false })
  const full = formatAbsolute(date, { timeZone })
  return (
    <>
      <time dateTime={new Date(date.epochMs).toISOString()} title={full}>
        {text}
      </time>
      {date.zone === 'unspecified' && (
        <>
          {' '}
          <ZonelessMarker />
        </>
      )}
    </>
  )
}
