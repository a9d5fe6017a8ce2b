// The seam between the scanner and the alert rules: what it wrote and what Codat answered in, one step at a time into the outbox.
import {
  stepAlerts,
  type AlertRuleSettings,
  type AlertState,
  type TypeChange,
} from '../../lib/alert-rules.ts'
import {
  codatReachability,
  INITIAL_CODAT_WATCH,
  noteCodat,
  type CodatWatch,
} from '../../lib/codat-reachability.ts'
import type { Database } from '../store/database.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'
import { loadAlertState, saveAlertStep } from './alert-outbox.ts'

export interface AlertTracker {
  /** Every answer (or none) the scanner had from Codat: beside metrics.observeUpstream. */
  observeUpstream(sample: { status: number | 'error' }, nowMs?: number): void
  /** The rate gate's pause as the scanner's tick sees it (gate.pausedUntil()). */
  notePause(pause: { until: number; reason: string } | null, nowMs?: number): void
  /** The data-type changes a batch of readings or a webhook wrote to the store. */
  changesWritten(changes: readonly TypeChange[]): void
  /** A full scan read the whole fleet (the first one ends the baseline). */
  fullScanCompleted(companies: number): void
  /**
   * One step of the rules, its messages into the outbox with the new state. Call it after
   * writes and on a timer (every few seconds); steps never overlap. When the store refuses,
   * nothing is lost: the changes wait for the next step.
   */
  step(nowMs?: number): Promise<AlertMessage[]>
}

export interface AlertTrackerOptions {
  db: Database
  rules: AlertRuleSettings
  publicUrl: URL
}

export function createAlertTracker({ db, rules, publicUrl }: AlertTrackerOptions): AlertTracker {
  let state: AlertState | undefined
  let watch: CodatWatch = INITIAL_CODAT_WATCH
  let waiting: TypeChange[] = []
  let scanned: number | undefined
  let chain: Promise<unknown> = Promise.resolve()

  const run = async (nowMs: number): Promise<AlertMessage[]> => {
    state ??= await loadAlertState(db)
    const changes = waiting
    const completed = scanned
    waiting = []
    scanned = undefined
    const input = {
      changes,
      codat: codatReachability(watch, nowMs),
      ...(completed !== undefined && { fullScanCompleted: { companies: completed } }),
    }
    const result = stepAlerts(state, input, nowMs, rules)
    const isSame =
      changes.length === 0 &&
      result.notices.length === 0 &&
      JSON.stringify(result.state) === JSON.stringify(state)
    if (isSame) return []
    try {
      const messages = await saveAlertStep(db, result, publicUrl)
      state = result.state
      return messages
    } catch (error) {
      // The step is taken again with these and whatever comes next.
      waiting = [...changes, ...waiting]
      scanned ??= completed
      throw error
    }
  }

  return {
    observeUpstream(sample, nowMs = Date.now()) {
      const signal =
        sample.status === 'error'
          ? ({ kind: 'no-answer' } as const)
          : ({ kind: 'answer', status: sample.status } as const)
      watch = noteCodat(watch, signal, nowMs)
    },
    notePause(pause, nowMs = Date.now()) {
      watch = noteCodat(
        watch,
        pause
          ? { kind: 'paused', untilMs: pause.until, reason: pause.reason }
          : { kind: 'resumed' },
        nowMs,
      )
    },
    changesWritten(changes) {
      waiting.push(...changes)
    },
    fullScanCompleted(companies) {
      scanned = companies
    },
    step(nowMs = Date.now()) {
      const next = chain.then(() => run(nowMs))
      chain = next.catch(() => undefined)
      return next
    },
  }
}
