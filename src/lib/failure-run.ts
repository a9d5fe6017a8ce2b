// A data type's unbroken run of failed pulls: finding it in a history, and saying it in one line.
import {
  formatAbsolute,
  parseCodatDate,
  type CodatDate,
  type FormatAbsoluteOptions,
} from './dates.ts'
import { statusGroup } from './status-groups.ts'

/** What the one-line text needs; the fleet table and the diagnosis both fill it. */
export interface FailureRunSummary {
  dataType?: string
  /** Codat's status verbatim; null or absent when unknown. */
  status?: string | null
  /** When the first failure of the run was requested: an ISO string or a parsed date. */
  since: string | CodatDate | null
  failuresInARow: number | null
  /** The run reaches past the operations read, so it is at least this long. */
  isAtLeast?: boolean
}

export interface FailureRunTextOptions {
  /** An IANA zone such as `'UTC'`; omitted, the viewer's zone. */
  timeZone?: string
}

/**
 * "28 Nov 2026, 21:05 UTC" (or in the given zone). A time Codat sent without a zone is shown as
 * sent and marked, since converting it would present a guess as a fact; a date-only value shows
 * the date; text that is not a Codat date is shown verbatim.
 */
export function formatShortTime(
  value: string | CodatDate,
  options: FailureRunTextOptions & Pick<FormatAbsoluteOptions, 'withMarker'> = {},
) {
  const date = typeof value === 'string' ? parseCodatDate(value) : value
  if (!date) return typeof value === 'string' ? value : value.raw
  return formatAbsolute(date, { ...options, style: 'short' })
}

/**
 * "invoices: FetchError, 3 failures in a row since 28 Nov 2026, 21:05 UTC". Each part is left
 * out when unknown, so a fleet row with only a status still reads as a sentence.
 */
export function describeFailureRun(
  run: FailureRunSummary,
  options: FailureRunTextOptions = {},
): string {
  const { dataType, status, since, failuresInARow, isAtLeast } = run
  const head = [dataType, status ?? undefined].filter(Boolean).join(': ')
  const when = since === null ? undefined : formatShortTime(since, options)
  let tail: string
  if (failuresInARow === null || failuresInARow < 1) {
    tail = when ? `failing since ${when}` : 'failing'
  } else if (failuresInARow === 1 && !isAtLeast) {
    tail = when ? `failed once, on ${when}` : 'failed once'
  } else {
    const count = `${isAtLeast ? 'at least ' : ''}${failuresInARow} failures in a row`
    tail = when ? `${count} since ${when}` : count
  }
  if (!head) return tail.charAt(0).toUpperCase() + tail.slice(1)
  return `${head}, ${tail}`
}

/** The fields of a pull operation a failure run reads. */
export interface RunOperation {
  id: string
  status: string
  requested: CodatDate
  errorMessage?: string | null
}

export interface FailureRun<Op extends RunOperation = RunOperation> {
  /** Newest first. */
  failures: Op[]
  failuresInARow: number
  since: CodatDate
  /** True when every operation read failed and Codat holds older ones: the run may be longer. */
  isAtLeast: boolean
  firstError: string | undefined
  latestError: string | undefined
  /** More than one distinct error text in the run. */
  hasErrorChanged: boolean
}

/** Newest first by request time; a stable copy, whatever order the page came in. */
export function newestFirst<Op extends { requested: CodatDate }>(operations: readonly Op[]): Op[] {
  return [...operations].sort((a, b) => b.requested.epochMs - a.requested.epochMs)
}

function isFailure(status: string): boolean {
  const group = statusGroup(status)
  return group === 'error' || group === 'relink'
}

/**
 * The failures at the newest end of one data type's history, up to the first operation that
 * did not fail. Running operations at the top are skipped (they have not failed yet); a status
 * Codat adds later ends the run, since it cannot be counted as either. `totalResults` is how
 * many operations Codat holds for that type, to tell a complete count from a lower bound.
 */
export function findFailureRun<Op extends RunOperation>(
  history: readonly Op[],
  totalResults?: number,
): FailureRun<Op> | undefined {
  const ordered = newestFirst(history)
  let start = 0
  while (start < ordered.length && statusGroup(ordered[start]?.status ?? '') === 'in-progress') {
    start++
  }
  const failures: Op[] = []
  for (const operation of ordered.slice(start)) {
    if (!isFailure(operation.status)) break
    failures.push(operation)
  }
  const oldest = failures.at(-1)
  const newest = failures[0]
  if (!oldest || !newest) return undefined
  const texts = new Set(failures.map((operation) => operation.errorMessage?.trim() ?? ''))
  return {
    failures,
    failuresInARow: failures.length,
    since: oldest.requested,
    isAtLeast:
      start + failures.length === ordered.length &&
      totalResults !== undefined &&
      totalResults > ordered.length,
    firstError: oldest.errorMessage?.trim() || undefined,
    latestError: newest.errorMessage?.trim() || undefined,
    hasErrorChanged: texts.size > 1,
  }
}
