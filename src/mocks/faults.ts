// Switchable faults: what the simulation does wrong on purpose, how long, and for which paths.

export const FAULT_MODES = [
  'none',
  'rate-limit',
  'server-error',
  'unavailable',
  'slow',
  'malformed',
] as const

export type FaultMode = (typeof FAULT_MODES)[number]

export interface Fault {
  mode: FaultMode
  /** Only this many more requests are affected, then the fault switches itself off. */
  remaining?: number
  /** A regular expression tested against the Codat path (no base path), e.g. `/dataStatus$`. */
  pathPattern?: string
  /** For `rate-limit`: the `Retry-After` header, in seconds. */
  retryAfterSeconds?: number
  /** For `slow`: how long each affected request waits before being answered. */
  delayMs?: number
}

export const NO_FAULT: Fault = { mode: 'none' }
export const DEFAULT_RETRY_AFTER_SECONDS = 30
export const DEFAULT_DELAY_MS = 3000

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0

/** Checks a fault sent to the control route; returns a message instead when it is unusable. */
export function parseFault(input: unknown): Fault | string {
  if (!isRecord(input)) return 'The body must be a JSON object such as {"mode":"rate-limit"}'
  const mode = input.mode
  if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
    return `mode must be one of ${FAULT_MODES.join(', ')}`
  }
  const fault: Fault = { mode: mode as FaultMode }
  for (const key of ['remaining', 'retryAfterSeconds', 'delayMs'] as const) {
    const value = input[key]
    if (value === undefined || value === null) continue
    if (!isCount(value)) return `${key} must be a whole number of at least 0`
    fault[key] = value
  }
  if (input.pathPattern !== undefined && input.pathPattern !== null) {
    if (typeof input.pathPattern !== 'string') return 'pathPattern must be a string'
    try {
      new RegExp(input.pathPattern)
    } catch {
      return `pathPattern is not a valid regular expression: ${input.pathPattern}`
    }
    fault.pathPattern = input.pathPattern
  }
  if (fault.remaining === 0) return NO_FAULT
  return fault
}

export function faultApplies(fault: Fault, path: string): boolean {
  if (fault.mode === 'none') return false
  return fault.pathPattern === undefined || new RegExp(fault.pathPattern).test(path)
}
