// What every support bundle from this screen shares: the viewer's zone, the read time, the link.
import { parseCodatDate, type CodatDate } from '../../lib/dates.ts'

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** An epoch time as the CodatDate the bundle formats (always a UTC instant). */
export function instant(epochMs: number): CodatDate {
  return parseCodatDate(new Date(epochMs).toISOString()) ?? { raw: '', epochMs, zone: 'utc' }
}

/** The address of the view being looked at, to paste into the ticket. */
export function currentUrl(): string {
  return window.location.href
}
