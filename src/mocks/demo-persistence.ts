// Saving and restoring the demo world's changes, so a page reload keeps refreshes and faults.
import { NO_FAULT, parseFault } from './faults.ts'
import type { OperationPlan, Outcome } from './operation-lifecycle.ts'
import type { PersistedWorld } from './world-state.ts'

export const DEMO_STORAGE_KEY = 'codat-refresh-console:demo-world'

/** The part of Web Storage used here, so tests can pass a plain object. */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

const OUTCOMES: readonly Outcome[] = [
  'Complete',
  'FetchError',
  'MapError',
  'AuthError',
  'NotSupported',
  'RateLimitError',
]

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

/** A fleet size the demo can rebuild; anything else falls back to the default. */
export const MAX_FLEET_SIZE = 20_000
const isFleetSize = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_FLEET_SIZE

function isPlan(value: unknown): value is OperationPlan {
  if (!isRecord(value)) return false
  const texts = ['id', 'companyId', 'connectionId', 'dataType'].every(
    (k) => typeof value[k] === 'string',
  )
  const numbers = ['requestedAt', 'queuedMs', 'fetchingMs', 'mappingMs'].every((k) =>
    isNumber(value[k]),
  )
  const optional = ['errorMessage', 'statusDescription'].every(
    (k) => value[k] === undefined || typeof value[k] === 'string',
  )
  return texts && numbers && optional && OUTCOMES.includes(value.outcome as Outcome)
}

/** Only what changed is saved; the seeded world (thousands of rows) is rebuilt from `origin`. */
export function serializeWorld(state: PersistedWorld): string {
  return JSON.stringify(state)
}

/** Anything unreadable or from another version is ignored, and the demo starts afresh. */
export function deserializeWorld(text: string | null): PersistedWorld | undefined {
  if (text === null) return undefined
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(data) || data.version !== 1) return undefined
  const { origin, clockOffsetMs, createdOperations } = data
  if (!isNumber(origin) || !isNumber(clockOffsetMs) || !Array.isArray(createdOperations))
    return undefined
  if (!createdOperations.every(isPlan)) return undefined
  const fault = parseFault(data.fault)
  const { generatedCompanies } = data
  return {
    version: 1,
    origin,
    clockOffsetMs,
    createdOperations,
    fault: typeof fault === 'string' ? NO_FAULT : fault,
    ...(isFleetSize(generatedCompanies) && { generatedCompanies }),
    ...(data.omitDataConnections === true && { omitDataConnections: true }),
  }
}

export function loadWorld(store: KeyValueStore): PersistedWorld | undefined {
  return deserializeWorld(store.getItem(DEMO_STORAGE_KEY))
}

export function saveWorld(store: KeyValueStore, state: PersistedWorld): void {
  try {
    store.setItem(DEMO_STORAGE_KEY, serializeWorld(state))
  } catch {
    // Storage full or blocked (private mode): the demo still works, it just forgets on reload.
  }
}

export function clearWorld(store: KeyValueStore): void {
  store.removeItem(DEMO_STORAGE_KEY)
}
