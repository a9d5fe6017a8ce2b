// The facts line by line under a diagnosis: last success, usual duration, failures and errors.
import { formatDuration, type CodatDate } from './dates.ts'
import type { DurationStats } from './durations.ts'
import type { FailureRun } from './failure-run.ts'

/** Where a diagnosis that needs Codat's help sends the reader. */
export const SUPPORT = 'contact Codat support with the support bundle below'

export interface FactsInput {
  lastSuccess: CodatDate | undefined
  stats: DurationStats | undefined
  run: FailureRun | undefined
  /** The times the facts mention, to say when one came without a zone. */
  times: readonly (CodatDate | undefined)[]
  /** Set when the last success is older than this threshold. */
  staleHours: number | undefined
  /** "28 Nov 2026, 21:05 UTC (3 days ago)". */
  at: (date: CodatDate) => string
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

export function diagnosisFacts({ lastSuccess, stats, run, times, staleHours, at }: FactsInput) {
  const facts = [
    lastSuccess
      ? `Last successful sync: ${at(lastSuccess)}.`
      : 'No successful sync on record for this data type.',
  ]
  if (staleHours !== undefined) {
    facts.push(`That is older than the ${staleHours} h staleness threshold.`)
  }
  if (stats) {
    facts.push(
      `Usual duration: ${formatDuration(stats.medianMs)} (median), up to ${formatDuration(stats.p95Ms)} (p95), over ${plural(stats.count, 'finished pull')}.`,
    )
  }
  if (run) facts.push(...failureFacts(run, at))
  if (times.some((date) => date?.zone === 'unspecified')) {
    facts.push(
      'Codat sent some of these times without a zone: they are shown as UTC and may be off by the business’s offset from UTC.',
    )
  }
  return facts
}

function failureFacts(run: FailureRun, at: (date: CodatDate) => string): string[] {
  const newest = run.failures[0]
  const count = `${run.isAtLeast ? 'At least ' : ''}${plural(run.failuresInARow, 'failed pull')}`
  const none = '(Codat gave no error text)'
  // One failure: the summary already says when; only its error is new.
  if (run.failuresInARow === 1 || !newest) return [`Error: ${run.latestError ?? none}`]
  const facts = [
    `${count} in a row: the first on ${at(run.since)}, the latest on ${at(newest.requested)}.`,
  ]
  if (run.hasErrorChanged) {
    facts.push(`The error changed. First: ${run.firstError ?? none}`)
    facts.push(`Latest: ${run.latestError ?? none}`)
  } else facts.push(`The same error each time: ${run.latestError ?? none}`)
  return facts
}
