// Reads the time a rate-limited pull resumes from Codat's free-text statusDescription.
import { parseCodatDate, type CodatDate } from './dates.ts'

// An ISO date with optional time and zone, e.g. "Paused until 2022-10-23T00:00:00.000Z".
const TIMESTAMP =
  /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?/

/** The first timestamp in a statusDescription such as "Paused until 2022-10-23T00:00:00.000Z". */
export function parsePausedUntil(description: string | null | undefined): CodatDate | undefined {
  const match = description ? TIMESTAMP.exec(description) : null
  return match ? parseCodatDate(match[0]) : undefined
}
