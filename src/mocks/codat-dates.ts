// Dates the way Codat writes them: .NET-style 7-digit fractions with Z, or zone-less local time.

/**
 * `2022-11-14T11:18:37.2798351Z`. JS has milliseconds only, so the last four digits are derived
 * from the instant itself: the same moment always prints the same string.
 */
export function formatCodatDate(ms: number): string {
  const iso = new Date(ms).toISOString() // 2022-11-14T11:18:37.279Z
  const ticks = String(Math.abs(Math.imul(Math.floor(ms), 2654435761) % 10000)).padStart(4, '0')
  return `${iso.slice(0, 23)}${ticks}Z`
}

/**
 * Wall-clock time of the business with no zone, as Codat returns for sources that give none
 * (e.g. `2022-11-14T06:18:37`). Clients must not read it as UTC.
 */
export function formatZonelessDate(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19)
}

/** Start of the next UTC day: Codat's daily quota resets at 00:00 UTC. */
export function nextUtcMidnight(ms: number): number {
  const day = new Date(ms)
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1)
}

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
