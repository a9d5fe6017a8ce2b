// Limits on everything the scanner takes from Codat, and the cleaning a reading gets before the store sees it.
import type { CompanyReading } from '../../lib/fleet-row.ts'

/** The largest answer the scanner reads; a page of 1,000 companies is about 1.5 MB. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024
/** Pages of the company list per scan: a million companies at 1,000 a page. */
export const MAX_COMPANY_PAGES = 1000
/** Pages of one company's connections (100 a page). */
export const MAX_CONNECTION_PAGES = 10
/** Failure runs remembered between readings, oldest forgotten first. */
export const MAX_FAILURE_RUNS_CACHED = 50_000
/** 429s in a row for one request before the read gives up (each one paused the whole gate). */
export const MAX_RATE_LIMITED_TRIES = 8
/** The longest pause any value from Codat can ask for (Retry-After, X-Rate-Limit-Reset, expiryDate). */
export const MAX_PAUSE_MS = 25 * 3_600_000

// PostgreSQL's timestamptz holds years 1–9999 in UTC (and refuses 0000, negative and 5-digit years).
// (Date.UTC reads years 0–99 as 1900–1999, so the first day of year 1 is set by hand.)
const EARLIEST_MS = new Date(0).setUTCFullYear(1, 0, 1)
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** True for a time PostgreSQL can store and `Date#toISOString` can write. */
export function isStorableTime(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= EARLIEST_MS && epochMs <= LATEST_MS
}

/** ISO-8601 UTC, or null for a time outside years 1–9999. Never throws. */
export function storableIso(epochMs: number | undefined | null): string | null {
  return epochMs === undefined || epochMs === null || !isStorableTime(epochMs)
    ? null
    : new Date(epochMs).toISOString()
}

// NUL, which PostgreSQL text and jsonb refuse, and UTF-16 halves without their other half.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** The text without characters PostgreSQL refuses: NUL is dropped, a lone surrogate becomes U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, (match) => (match === '\u0000' ? '' : '\uFFFD'))
}

/**
 * A reading the store can take whole: text without NUL or lone surrogates, one entry per
 * connection id and per data type (the first wins). Says what it changed, for the log.
 */
export function cleanReading(reading: CompanyReading): {
  reading: CompanyReading
  changes: string[]
} {
  const changes = new Set<string>()
  const text = (value: string, what: string) => {
    const clean = storableText(value)
    if (clean !== value) changes.add(`${what}: removed characters the store cannot keep`)
    return clean
  }
  const nullableText = (value: string | null, what: string) =>
    value === null ? null : text(value, what)
  /** The first entry for each key (already cleaned); a repeat is dropped and noted. */
  const firstOfEach = <T>(items: readonly T[], keyOf: (item: T) => string, note: string): T[] => {
    const seen = new Set<string>()
    return items.filter((item) => {
      const key = keyOf(item)
      if (seen.has(key)) {
        changes.add(note)
        return false
      }
      seen.add(key)
      return true
    })
  }
  const connections = firstOfEach(
    reading.connections.map((connection) => ({
      id: text(connection.id, 'connection id'),
      platformName: text(connection.platformName, 'platform name'),
      sourceType: nullableText(connection.sourceType, 'source type'),
      status: text(connection.status, 'connection status'),
      lastSync: connection.lastSync,
    })),
    (connection) => connection.id,
    'connections: dropped repeated connection ids',
  )
  const dataTypes = firstOfEach(
    reading.dataTypes.map((type) => ({
      ...type,
      dataType: text(type.dataType, 'data type'),
      status: nullableText(type.status, 'status'),
      latestSyncId: nullableText(type.latestSyncId, 'latest sync id'),
    })),
    (type) => type.dataType,
    'data types: dropped repeated data types',
  )
  return {
    reading: {
      ...reading,
      name: text(reading.name, 'company name'),
      connections,
      dataTypes,
    },
    changes: [...changes],
  }
}
