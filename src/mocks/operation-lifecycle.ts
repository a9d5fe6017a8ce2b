// A pull operation's life, computed lazily from elapsed time: Queued → Fetching → Mapping → end.
import { formatCodatDate, HOUR } from './codat-dates.ts'

/** How an operation ends; the world decides this when the operation is created. */
export type Outcome =
  'Complete' | 'FetchError' | 'MapError' | 'AuthError' | 'NotSupported' | 'RateLimitError'

export type PullStatus = 'Queued' | 'Fetching' | 'Mapping' | Outcome

/** What is stored: everything needed to answer "what does this operation look like at t?". */
export interface OperationPlan {
  id: string
  companyId: string
  connectionId: string
  dataType: string
  requestedAt: number
  outcome: Outcome
  queuedMs: number
  fetchingMs: number
  mappingMs: number
  errorMessage?: string
  statusDescription?: string
}

/** Codat's PullOperation as it goes over the wire. */
export interface PullOperation {
  id: string
  companyId: string
  connectionId: string
  dataType: string
  status: PullStatus
  statusDescription?: string
  errorMessage?: string
  requested: string
  completed?: string
  progress: number
  isCompleted: boolean
  isErrored: boolean
}

const ERRORED: ReadonlySet<Outcome> = new Set([
  'FetchError',
  'MapError',
  'AuthError',
  'RateLimitError',
])

/** When the operation reaches its final status (ms since epoch). */
export function endsAt(plan: OperationPlan): number {
  const { requestedAt: start, queuedMs: q, fetchingMs: f, mappingMs: m } = plan
  switch (plan.outcome) {
    case 'AuthError':
    case 'NotSupported':
      // Refused before any data is read.
      return start + q
    case 'RateLimitError':
      return start + q + Math.round(f * 0.3)
    case 'FetchError':
      return start + q + Math.round(f * 0.6)
    case 'MapError':
      return start + q + f + Math.round(m * 0.5)
    case 'Complete':
      return start + q + f + m
  }
}

export function isRunningAt(plan: OperationPlan, now: number): boolean {
  return now < endsAt(plan)
}

interface Phase {
  status: PullStatus
  progress: number
}

function phaseAt(plan: OperationPlan, at: number): Phase {
  const elapsed = at - plan.requestedAt
  const { queuedMs: q, fetchingMs: f, mappingMs: m } = plan
  if (elapsed < q) return { status: 'Queued', progress: 0 }
  if (elapsed < q + f) {
    // Fetching is most of the work, so it moves the bar from 5 to 70.
    return { status: 'Fetching', progress: 5 + Math.floor((65 * (elapsed - q)) / f) }
  }
  if (elapsed < q + f + m) {
    return { status: 'Mapping', progress: 75 + Math.floor((20 * (elapsed - q - f)) / m) }
  }
  return { status: 'Complete', progress: 100 }
}

/** The operation as Codat would report it at `now`. */
export function operationAt(plan: OperationPlan, now: number): PullOperation {
  const base = {
    id: plan.id,
    companyId: plan.companyId,
    connectionId: plan.connectionId,
    dataType: plan.dataType,
    requested: formatCodatDate(plan.requestedAt),
  }
  const end = endsAt(plan)
  if (now < end) {
    const { status, progress } = phaseAt(plan, Math.max(now, plan.requestedAt))
    const { requested, ...ids } = base
    return { ...ids, status, requested, progress, isCompleted: false, isErrored: false }
  }
  // Just before the end is where a failure leaves the progress bar.
  const progress = plan.outcome === 'Complete' ? 100 : phaseAt(plan, end - 1).progress
  const statusDescription =
    plan.outcome === 'RateLimitError'
      ? `Paused until ${formatCodatDate(end + HOUR)}`
      : plan.statusDescription
  // Fields in Codat's order: status details sit between status and requested.
  return {
    id: base.id,
    companyId: base.companyId,
    connectionId: base.connectionId,
    dataType: base.dataType,
    status: plan.outcome,
    ...(statusDescription !== undefined && { statusDescription }),
    ...(plan.errorMessage !== undefined && { errorMessage: plan.errorMessage }),
    requested: base.requested,
    completed: formatCodatDate(end),
    progress,
    isCompleted: plan.outcome === 'Complete',
    isErrored: ERRORED.has(plan.outcome),
  }
}
