// How a pull operation will end and what Codat would say about it, decided when it is queued.
import type { Outcome } from './operation-lifecycle.ts'
import { offeredTypes, PLATFORMS, sourceTypeOf } from './platforms.ts'
import type { SimCompany, SimConnection } from './sim-model.ts'

const FETCH_ERRORS = [
  (platform: string) => `${platform} returned 502 Bad Gateway; the request can be retried.`,
  (platform: string) => `The request to ${platform} timed out after 100 seconds.`,
  (platform: string) => `${platform} returned an unexpected response: 500 Internal Server Error.`,
]

const MAP_ERRORS = [
  (type: string) => `Could not map 3 ${type} records: referenced account 'ACC-2010' was not found.`,
  (type: string) => `Mapping ${type} failed: currency 'XXX' is not a valid ISO 4217 code.`,
  (type: string) => `Mapping ${type} failed: a record has a negative quantity on a line item.`,
]

export interface OutcomeDetails {
  errorMessage?: string
  statusDescription?: string
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] ?? (items[0] as T)
}

/** The text Codat attaches to each ending, phrased like the source platform's own errors. */
export function outcomeDetails(
  outcome: Outcome,
  platformName: string,
  dataType: string,
  random: () => number,
): OutcomeDetails {
  switch (outcome) {
    case 'FetchError':
      return { errorMessage: pick(FETCH_ERRORS, random)(platformName) }
    case 'MapError':
      return { errorMessage: pick(MAP_ERRORS, random)(dataType) }
    case 'AuthError':
      return {
        errorMessage: `Access to ${platformName} has been revoked or has expired; the business must relink the connection.`,
      }
    case 'NotSupported':
      return { statusDescription: `${platformName} does not offer ${dataType}.` }
    case 'RateLimitError':
      // The "Paused until …" description follows from the end time, in operationAt.
      return { errorMessage: `${platformName} rate limit reached; the sync will resume later.` }
    case 'Complete':
      return {}
  }
}

/** The connection a type belongs on: same kind of source, usable ones first. */
export function connectionFor(company: SimCompany, dataType: string): SimConnection | undefined {
  const kind = sourceTypeOf(dataType)
  const rank = (c: SimConnection): number =>
    (PLATFORMS[c.platform].sourceType === kind ? 0 : 2) + (c.status === 'Linked' ? 0 : 1)
  return [...company.connections].sort((a, b) => rank(a) - rank(b))[0]
}

export function plannedOutcome(
  company: SimCompany,
  connection: SimConnection,
  dataType: string,
  random: () => number,
): Outcome {
  if (connection.status !== 'Linked') return 'AuthError'
  if (!offeredTypes(connection.platform).includes(dataType)) return 'NotSupported'
  if (connection.isRateLimited) return 'RateLimitError'
  const failing = company.failingTypes?.[dataType]
  if (failing) return failing
  if (company.flakyRate && random() < company.flakyRate) {
    return random() < 0.6 ? 'FetchError' : 'MapError'
  }
  return 'Complete'
}
