// The simulated Codat's state that outlives a page (persisted) and the scenario it is seeded from.
import { SECOND } from './codat-dates.ts'
import { NO_FAULT, type Fault } from './faults.ts'
import type { OperationPlan } from './operation-lifecycle.ts'
import type { SimCompany } from './sim-model.ts'

/** What changes at run time; small enough to keep in localStorage. */
export interface PersistedWorld {
  version: 1
  /** When the world was seeded: seeded history is placed relative to it. */
  origin: number
  /** Time added by `advance`, on top of the clock. */
  clockOffsetMs: number
  createdOperations: OperationPlan[]
  fault: Fault
  /** Generated companies beside the hand-made ones; rebuilt from `origin`, never stored. */
  generatedCompanies?: number
  /** Off when absent (worlds saved before the switch existed). */
  omitDataConnections?: boolean
}

export interface Scenario {
  companies: SimCompany[]
  operations: OperationPlan[]
  /** Large histories, generated on first use and never stored or persisted. */
  generatedHistory?: Readonly<Record<string, () => OperationPlan[]>>
}

export interface WorldOptions {
  now?: () => number
  scenario?: (origin: number, generatedCompanies: number) => Scenario
  restore?: PersistedWorld
  /** Generated companies beside the hand-made ones (a restored world keeps its own count). */
  generatedCompanies?: number
}

/** A world seeded now: no refreshes yet, no fault, no time added. */
export function freshState(now: number, generatedCompanies?: number): PersistedWorld {
  // Whole seconds keep seeded dates tidy and identical across runs of a manual clock.
  const origin = Math.floor(now / SECOND) * SECOND
  return {
    version: 1,
    origin,
    clockOffsetMs: 0,
    createdOperations: [],
    fault: NO_FAULT,
    ...(generatedCompanies !== undefined && { generatedCompanies }),
  }
}
