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
  const hour = h === undefined ? 0 : Number(h)
  const minute = mi === undefined ? 0 : Number(mi)
  const second = s === undefined ? 0 : Number(s)
  // .NET sends 7-digit ticks; milliseconds are all a browser can hold, so truncate.
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined

  // Date.UTC reads years 0–99 as 1900–1999: those are computed 400 years (a whole number of
  // days, the Gregorian cycle) later and moved back.
  const early = year < 100
  const wallClockMs =
    Date.UTC(early ? year + 400 : year, month - 1, day, hour, minute, second, ms) -
    (early ? GREGORIAN_CYCLE_MS : 0)

  if (h === undefined) return { raw, epochMs: wallClockMs, zone: 'date-only' }
  if (zoneText === undefined) return { raw, epochMs: wallClockMs, zone: 'unspecified' }
  if (zoneText === 'Z') return { raw, epochMs: wallClockMs, zone: 'utc' }
  const offsetMinutes = parseOffset(zoneText)
  if (offsetMinutes === undefined) return undefined
  return { raw, epochMs: wallClockMs - offsetMinutes * 60_000, zone: 'offset' }
}

/** 400 Gregorian years: 146,097 days. */
const GREGORIAN_CYCLE_MS = 146_097 * 86_400_000
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1] ?? 0
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return leap ? 29 : 28
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

/**
 * How much of an absolute time to show:
 * - `full`: "28 Nov 2026, 21:05:03 UTC", for facts and tooltips;
 * - `short`: "28 Nov 2026, 21:05 UTC", for sentences;
 * - `compact`: "28 Nov, 21:05 UTC", with the year only when it is not this year, for tables;
 * - `clock`: "21:05:03 UTC" and `clock-minutes`: "21:05 UTC", for moments of today.
 */
export type TimeStyle = 'full' | 'short' | 'compact' | 'clock' | 'clock-minutes'

export interface FormatAbsoluteOptions {
  /** An IANA zone such as `'UTC'` or `'Europe/London'`; omitted, the browser's zone. */
  timeZone?: string | undefined
  style?: TimeStyle
  /** Append {@link NO_ZONE_MARKER} to a zone-less time (default); screens show their own mark. */
  withMarker?: boolean
  /** For `compact`: "now", to leave out the current year. */
  nowMs?: number
}

const DAY_MONTH = { day: 'numeric', month: 'short' } as const
const HOUR_MINUTE = { hour: '2-digit', minute: '2-digit' } as const
const STYLE_OPTIONS: Readonly<Record<TimeStyle | 'compact-year', Intl.DateTimeFormatOptions>> = {
  full: { ...DAY_MONTH, year: 'numeric', ...HOUR_MINUTE, second: '2-digit' },
  short: { ...DAY_MONTH, year: 'numeric', ...HOUR_MINUTE },
  compact: { ...DAY_MONTH, ...HOUR_MINUTE },
  'compact-year': { ...DAY_MONTH, year: 'numeric', ...HOUR_MINUTE },
  clock: { ...HOUR_MINUTE, second: '2-digit' },
  'clock-minutes': HOUR_MINUTE,
}

// Building an Intl.DateTimeFormat is slow next to using one, and a history page can hold
// thousands of times: one formatter per style, zone and with/without the zone's name.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(
  style: TimeStyle | 'compact-year',
  timeZone: string,
  withZoneName: boolean,
): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}|${withZoneName}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      ...STYLE_OPTIONS[style],
      timeZone,
      ...(withZoneName && { timeZoneName: 'short' }),
    })
    formatters.set(key, format)
  }
  return format
}

/** The browser's IANA zone, e.g. `Europe/London` (read each time: tests change it). */
export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone
}

const dateOnlyFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

/** Marks a time Codat sent without a zone, so nobody mistakes it for a known instant. */
export const NO_ZONE_MARKER = '(no zone given, shown as UTC)'

function styleFor(options: FormatAbsoluteOptions, epochMs: number, timeZone: string) {
  const style = options.style ?? 'full'
  if (style !== 'compact') return style
  const yearOf = formatterFor('compact-year', timeZone, false)
  const year = (ms: number) => yearOf.formatToParts(ms).find((p) => p.type === 'year')?.value
  return year(epochMs) === year(options.nowMs ?? Date.now()) ? 'compact' : 'compact-year'
}

/**
 * An instant in the given zone with the zone's name: "28 Nov 2026, 22:05:03 CET" in Berlin,
 * "… 21:05:03 UTC" in UTC. For the console's own times (when data was read, when to retry).
 */
export function formatInstant(epochMs: number, options: FormatAbsoluteOptions = {}): string {
  const timeZone = options.timeZone ?? browserTimeZone()
  return formatterFor(styleFor(options, epochMs, timeZone), timeZone, true).format(epochMs)
}

/**
 * A Codat time in the given zone with its name ({@link formatInstant}). Zone-less values are
 * shown as sent, with {@link NO_ZONE_MARKER}: converting them to another zone would present a
 * guess as a fact. Date-only values show the date alone.
 */
export function formatAbsolute(date: CodatDate, options: FormatAbsoluteOptions = {}): string {
  if (date.zone === 'date-only') return dateOnlyFormat.format(date.epochMs)
  if (date.zone === 'unspecified') {
    const wallClock = formatterFor(styleFor(options, date.epochMs, 'UTC'), 'UTC', false)
    const text = wallClock.format(date.epochMs)
    return options.withMarker === false ? text : `${text} ${NO_ZONE_MARKER}`
  }
  return formatInstant(date.epochMs, options)
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
