// The one parser for Codat timestamps, and Intl-only formatting for showing them.

/**
 * How the zone of a Codat timestamp was given:
 * - `utc`: a `Z` suffix;
 * - `offset`: an explicit offset such as `+01:00` or `-0500`;
 * - `unspecified`: no zone at all; Codat documents these as local to the business, whose zone
 *   we do not know, so they are read as UTC (never as the browser's zone) and flagged as such;
 * - `date-only`: `YYYY-MM-DD`, read as midnight UTC.
 */
export type CodatDateZone = 'utc' | 'offset' | 'unspecified' | 'date-only'

export interface CodatDate {
  /** The value exactly as Codat sent it. */
  raw: string
  epochMs: number
  zone: CodatDateZone
}

// Date, optional time (seconds and a 1–9 digit fraction optional), optional zone.
// Parsed by hand because `Date.parse` reads zone-less values as browser-local time.
const CODAT_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/

export function parseCodatDate(raw: string): CodatDate | undefined {
  const match = CODAT_DATE.exec(raw)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s, fraction, zoneText] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h ?? 0)
  const minute = Number(mi ?? 0)
  const second = Number(s ?? 0)
  // .NET sends 7-digit ticks; milliseconds are all a browser can hold, so truncate.
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined

  const utc = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999.
  utc.setUTCFullYear(year, month - 1, day)
  utc.setUTCHours(hour, minute, second, ms)
  const wallClockMs = utc.getTime()

  if (h === undefined) return { raw, epochMs: wallClockMs, zone: 'date-only' }
  if (zoneText === undefined) return { raw, epochMs: wallClockMs, zone: 'unspecified' }
  if (zoneText === 'Z') return { raw, epochMs: wallClockMs, zone: 'utc' }
  const offsetMinutes = parseOffset(zoneText)
  if (offsetMinutes === undefined) return undefined
  return { raw, epochMs: wallClockMs - offsetMinutes * 60_000, zone: 'offset' }
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
}

/** `+01:00`, `-0500` or `+01` → signed minutes east of UTC. */
function parseOffset(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1
  const digits = text.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0
  if (hours > 18 || minutes > 59) return undefined
  return sign * (hours * 60 + minutes)
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
]

/** Below this, "3 seconds ago" is noise (and clock skew can make it "in 2 seconds"). */
const JUST_NOW_MS = 5 * SECOND

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' })

/** "3 minutes ago", "in 20 seconds", "just now". */
export function formatRelative(epochMs: number, nowMs: number): string {
  const diff = epochMs - nowMs
  const size = Math.abs(diff)
  if (size < JUST_NOW_MS) return 'just now'
  for (const [unit, unitMs] of RELATIVE_UNITS) {
    if (size >= unitMs) {
      // Truncate, so "59 seconds" never rounds up to a misleading "1 minute".
      const count = Math.floor(size / unitMs)
      return relativeFormat.format(diff < 0 ? -count : count, unit)
    }
  }
  return 'just now'
}

export interface FormatAbsoluteOptions {
  /** `'UTC'` to show UTC; omitted to show the browser's zone. */
  timeZone?: 'UTC' | undefined
}

const dateOnlyFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
})

/** Marks a time Codat sent without a zone, so nobody mistakes it for a known instant. */
export const NO_ZONE_MARKER = '(no zone given, shown as UTC)'

/**
 * "28 Nov 2026, 21:05:03 UTC", or in the browser's zone with its name ("… GMT+1").
 * Zone-less values are shown as sent, with {@link NO_ZONE_MARKER}: converting them to another
 * zone would present a guess as a fact. Date-only values show the date alone.
 */
export function formatAbsolute(date: CodatDate, options: FormatAbsoluteOptions = {}): string {
  const instant = new Date(date.epochMs)
  if (date.zone === 'date-only') return dateOnlyFormat.format(instant)
  if (date.zone === 'unspecified') return `${wallClockFormat.format(instant)} ${NO_ZONE_MARKER}`
  return new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone: options.timeZone,
  }).format(instant)
}

/** "850 ms", "12 s", "4 min 12 s", "1 h 4 min", "2 d 3 h". Negative spans (clock skew) read 0. */
export function formatDuration(ms: number): string {
  const span = Number.isFinite(ms) ? Math.max(0, ms) : 0
  if (span < SECOND) return `${Math.floor(span)} ms`
  if (span < MINUTE) return `${Math.floor(span / SECOND)} s`
  if (span < HOUR) return pair(span, MINUTE, 'min', SECOND, 's')
  if (span < DAY) return pair(span, HOUR, 'h', MINUTE, 'min')
  return pair(span, DAY, 'd', HOUR, 'h')
}

function pair(span: number, big: number, bigUnit: string, small: number, smallUnit: string) {
  const bigCount = Math.floor(span / big)
  const smallCount = Math.floor((span % big) / small)
  return smallCount === 0
    ? `${bigCount} ${bigUnit}`
    : `${bigCount} ${bigUnit} ${smallCount} ${smallUnit}`
}
