// The diagnosis of a data type with a pull running: following it normally, or stuck.
import { formatDuration, type CodatDate } from './dates.ts'
import type { Diagnosis, DiagnosisOperation } from './diagnosis-types.ts'
import { SUPPORT } from './diagnosis-facts.ts'
import type { DurationStats } from './durations.ts'
import { judgeRunningPull, type ProgressSample } from './stuck-pull.ts'

const WATCH = {
  kind: 'watch',
  text: 'Nothing to do yet: this view follows it until it ends.',
} as const

interface RunningContext {
  at: (date: CodatDate) => string
  nowMs: number
  /** The diagnosis's facts, to add the running pull to. */
  facts: string[]
}

export function runningDiagnosis(
  operation: DiagnosisOperation | undefined,
  stats: DurationStats | undefined,
  samples: readonly ProgressSample[],
  { at, nowMs, facts }: RunningContext,
): Pick<Diagnosis, 'kind' | 'tone' | 'summary' | 'next'> {
  if (!operation)
    return { kind: 'running', tone: 'info', summary: 'A pull is running.', next: WATCH }
  const verdict = judgeRunningPull(operation, stats?.p95Ms, samples, nowMs)
  facts.push(
    `Running since ${at(operation.requested)}, now ${operation.status} at progress ${operation.progress}.`,
  )
  const usual = stats ? `up to ${formatDuration(stats.p95Ms)}` : 'no finished pull to compare with'
  if (!verdict.isStuck) {
    return {
      kind: 'running',
      tone: 'info',
      summary: `A pull is running (for ${formatDuration(verdict.runningMs)}; usually ${usual}).`,
      next: WATCH,
    }
  }
  const first =
    operation.status === 'Queued'
      ? 'A pull that stays Queued may be waiting for an on-premise connector to come online: check that first. Otherwise '
      : 'It cannot be cancelled from here: '
  return {
    kind: 'stuck',
    tone: 'warn',
    summary:
      verdict.reason === 'too-long'
        ? `Stuck: this pull has run for ${formatDuration(verdict.runningMs)}, far longer than usual (${usual}).`
        : `Stuck: progress has stayed at ${verdict.progress} for ${formatDuration(verdict.unchangedForMs)}.`,
    next: { kind: 'contact-support', text: `${first}${SUPPORT}, quoting the running pull’s ID.` },
  }
}
