// Past pull operations for the seeded companies: a few daily runs each, or thousands generated.
import { DAY, HOUR, MINUTE } from './codat-dates.ts'
import type { OperationPlan, Outcome } from './operation-lifecycle.ts'
import { outcomeDetails } from './outcomes.ts'
import { PLATFORMS } from './platforms.ts'
import { between, createRandom, stableUuid } from './sim-random.ts'
import type { SimCompany, SimConnection } from './sim-model.ts'

/** Decides a past run's ending; `runsAgo` is 0 for the latest run of that type. */
export type PastOutcome = (dataType: string, runsAgo: number, random: () => number) => Outcome

export const allComplete: PastOutcome = () => 'Complete'

function pastPlan(
  company: SimCompany,
  connection: SimConnection,
  dataType: string,
  requestedAt: number,
  outcome: Outcome,
  seed: string,
): OperationPlan {
  const random = createRandom(seed)
  return {
    id: stableUuid(seed),
    companyId: company.id,
    connectionId: connection.id,
    dataType,
    // Sub-second jitter, so the 7-digit fractions look like real .NET timestamps.
    requestedAt: requestedAt + between(random, 0, 1000),
    outcome,
    queuedMs: between(random, 1000, 20_000),
    fetchingMs: between(random, 5000, 90_000),
    mappingMs: between(random, 2000, 30_000),
    ...outcomeDetails(outcome, PLATFORMS[connection.platform].platformName, dataType, random),
  }
}

/**
 * One run per day per offered type over the last `days` days, each starting shortly after the
 * scheduled sync time, as Codat's daily sync schedule would produce.
 */
export function dailyRuns(
  company: SimCompany,
  connection: SimConnection,
  origin: number,
  days: number,
  outcomeOf: PastOutcome = allComplete,
  types: readonly string[] = PLATFORMS[connection.platform].dataTypes,
): OperationPlan[] {
  const plans: OperationPlan[] = []
  for (let runsAgo = 0; runsAgo < days; runsAgo++) {
    const scheduled = origin - (runsAgo + 1) * DAY + 2 * HOUR
    types.forEach((dataType, index) => {
      const seed = `${connection.id}:${dataType}:${runsAgo}`
      const outcome = outcomeOf(dataType, runsAgo, createRandom(`${seed}:outcome`))
      plans.push(pastPlan(company, connection, dataType, scheduled + index * 7000, outcome, seed))
    })
  }
  return plans
}

/** One operation, `msAgo` before the origin; for in-flight or one-off scenario entries. */
export function singleRun(
  company: SimCompany,
  connection: SimConnection,
  dataType: string,
  requestedAt: number,
  outcome: Outcome,
): OperationPlan {
  return pastPlan(
    company,
    connection,
    dataType,
    requestedAt,
    outcome,
    `${connection.id}:${dataType}:single`,
  )
}

/**
 * Thousands of operations, about one an hour going back months, generated from the index so
 * they never need storing. Index 0 is the newest.
 */
export function generatedHistory(
  company: SimCompany,
  connection: SimConnection,
  origin: number,
  count: number,
): OperationPlan[] {
  const types = PLATFORMS[connection.platform].dataTypes
  const plans: OperationPlan[] = []
  let requestedAt = origin - 20 * MINUTE
  for (let index = 0; index < count; index++) {
    const seed = `${company.id}:history:${index}`
    const random = createRandom(seed)
    const dataType = types[between(random, 0, types.length)] ?? 'invoices'
    const roll = random()
    const outcome: Outcome =
      roll < 0.04
        ? 'FetchError'
        : roll < 0.06
          ? 'MapError'
          : roll < 0.07
            ? 'RateLimitError'
            : 'Complete'
    plans.push(pastPlan(company, connection, dataType, requestedAt, outcome, seed))
    requestedAt -= between(random, 20, 100) * MINUTE
  }
  return plans
}
