// A pull operation queued through the simulated API: its ID, timings and outcome, from a seed.
import type { OperationPlan } from './operation-lifecycle.ts'
import { outcomeDetails, plannedOutcome } from './outcomes.ts'
import { PLATFORMS } from './platforms.ts'
import { between, createRandom, stableUuid } from './sim-random.ts'
import type { SimCompany, SimConnection } from './sim-model.ts'

export interface CreatedOperationInput {
  company: SimCompany
  connection: SimConnection
  dataType: string
  /** When the world was seeded and how many operations it created before: the ID's seed. */
  origin: number
  sequence: number
  requestedAt: number
}

/** The same input plans the same operation, so a restored demo replays identically. */
export function planCreatedOperation(input: CreatedOperationInput): OperationPlan {
  const { company, connection, dataType } = input
  const id = stableUuid(`created:${input.origin}:${input.sequence}`)
  const random = createRandom(id)
  const outcome = plannedOutcome(company, connection, dataType, random)
  const platformName = PLATFORMS[connection.platform].platformName
  return {
    id,
    companyId: company.id,
    connectionId: connection.id,
    dataType,
    requestedAt: input.requestedAt,
    outcome,
    // A few seconds each, so a demo user watches a refresh finish within 10–20 s.
    queuedMs: between(random, 1500, 3000),
    fetchingMs: between(random, 4000, 8000),
    mappingMs: between(random, 2000, 4000),
    ...outcomeDetails(outcome, platformName, dataType, random),
  }
}
