// The shapes a diagnosis reads and returns, apart from the reasoning so its helpers can share them.
import type { CodatDate } from './dates.ts'
import type { DurationStats } from './durations.ts'
import type { FailureRun } from './failure-run.ts'
import type { ProgressSample } from './stuck-pull.ts'

export interface DiagnosisStatus {
  dataType?: string
  currentStatus?: string | null
  lastSuccessfulSync?: CodatDate
  latestSyncId?: string
}

export interface DiagnosisConnection {
  id: string
  platformName: string
  status: string
  linkUrl: string
  sourceType?: string
}

export interface DiagnosisOperation {
  id: string
  connectionId: string
  status: string
  statusDescription?: string | null
  errorMessage?: string | null
  requested: CodatDate
  completed?: CodatDate | undefined
  progress: number
}

export interface DiagnosisInput {
  dataType: string
  /** The type's entry in `dataStatus`; absent when Codat lists no entry for it. */
  status: DiagnosisStatus | undefined
  /** The company's connections; undefined while unknown. */
  connections: readonly DiagnosisConnection[] | undefined
  /** Recent pull operations of this type (any order); undefined while unknown. */
  history: readonly DiagnosisOperation[] | undefined
  /** How many operations of this type Codat holds (`totalResults`). */
  historyTotal?: number
  progressSamples?: readonly ProgressSample[]
}

export interface DiagnosisOptions {
  nowMs: number
  staleHours?: number
  /** An IANA zone for the times in the text; omitted, the viewer's zone. */
  timeZone?: string
}

export type DiagnosisKind =
  | 'needs-relink'
  | 'not-supported'
  | 'never-synced'
  | 'stuck'
  | 'running'
  | 'rate-limited'
  | 'failing'
  | 'stale'
  | 'healthy'
  | 'cancelled'
  | 'unknown-status'

export type NextStepKind = 'refresh' | 'relink' | 'wait' | 'watch' | 'contact-support' | 'none'

export interface Diagnosis {
  kind: DiagnosisKind
  tone: 'ok' | 'info' | 'warn' | 'error' | 'neutral'
  /** One plain sentence: what is going on. */
  summary: string
  /** The facts behind it, one per line. */
  facts: string[]
  next: { kind: NextStepKind; text: string }
  /** Connections the business must authorise again, with their Link URL. */
  relink: DiagnosisConnection[]
  failureRun?: FailureRun<DiagnosisOperation>
  durations?: DurationStats
  runningOperation?: DiagnosisOperation
  rateLimitedUntil?: CodatDate
  isStale: boolean
}
