// "5 minutes ago", with the absolute time and its zone on hover; ticks while on screen.
import { useEffect, useState } from 'react'
import { formatAbsolute, formatRelative, type CodatDate } from '../lib/dates'

export function RelativeTime({ date }: { date: CodatDate }) {
  const now = useNow(30_000)
  const absolute = formatAbsolute(date)
  return (
    <time dateTime={new Date(date.epochMs).toISOString()} title={absolute}>
      {formatRelative(date.epochMs, now)}
      {date.zone === 'unspecified' && (
        <span className="muted" title="Codat sent this time without a zone; it is shown as UTC">
          {' '}
          (no zone)
        </span>
      )}
    </time>
  )
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
