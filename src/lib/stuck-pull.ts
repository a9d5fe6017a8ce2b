// Whether a running pull is stuck: far past its type's usual duration, or not moving across polls.
import type { CodatDate } from './dates.ts'

/** Running longer than this is never called stuck, however fast the type usually is. */
export const STUCK_FLOOR_MS = 30 * 60_000
/** "Far longer than usual": this many times the p95 of the type's finished pulls. */
export const STUCK_FACTOR = 3
/** Progress unchanged for this long, over at least {@link STUCK_MIN_POLLS} polls. */
export const NO_PROGRESS_MS = 5 * 60_000
export const STUCK_MIN_POLLS = 3

/** A running pull's progress as one poll saw it. */
export interface ProgressSample {
  operationId: string
  atMs: number
  progress: number
}

export interface RunningPull {
  id: string
  requested: CodatDate
}

export type StuckVerdict =
  | { isStuck: false; runningMs: number; limitMs: number }
  | { isStuck: true; reason: 'too-long'; runningMs: number; limitMs: number }
  | {
      isStuck: true
      reason: 'no-progress'
      runningMs: number
      limitMs: number
      progress: number
      unchangedForMs: number
    }

/**
 * Too long: running for more than {@link STUCK_FACTOR} × the p95 of finished pulls, and never
 * less than {@link STUCK_FLOOR_MS}. Not moving: the latest polls of this pull all saw the same
 * progress, over at least {@link STUCK_MIN_POLLS} polls and {@link NO_PROGRESS_MS}.
 */
export function judgeRunningPull(
  operation: RunningPull,
  p95Ms: number | undefined,
  samples: readonly ProgressSample[],
  nowMs: number,
): StuckVerdict {
  const runningMs = Math.max(0, nowMs - operation.requested.epochMs)
  const limitMs = Math.max(STUCK_FLOOR_MS, STUCK_FACTOR * (p95Ms ?? 0))
  if (runningMs > limitMs) return { isStuck: true, reason: 'too-long', runningMs, limitMs }
  const own = samples
    .filter((sample) => sample.operationId === operation.id)
    .sort((a, b) => a.atMs - b.atMs)
  const last = own.at(-1)
  if (!last) return { isStuck: false, runningMs, limitMs }
  // The trailing stretch of polls that all saw the latest progress.
  let start = own.length - 1
  while (start > 0 && own[start - 1]?.progress === last.progress) start--
  const first = own[start] ?? last
  const unchangedForMs = last.atMs - first.atMs
  if (own.length - start >= STUCK_MIN_POLLS && unchangedForMs >= NO_PROGRESS_MS) {
    return {
      isStuck: true,
      reason: 'no-progress',
      runningMs,
      limitMs,
      progress: last.progress,
      unchangedForMs,
    }
  }
  return { isStuck: false, runningMs, limitMs }
}
