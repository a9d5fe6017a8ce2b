// Codat-shaped responses: the ErrorMessage body and the rate-limit headers every answer carries.
import { HttpResponse } from 'msw'
import { formatCodatDate } from './codat-dates.ts'
import { stableUuid } from './sim-random.ts'
import type { RateLimitInfo } from './world.ts'

/** Codat names the service that produced an error; these are the ones this API shows. */
export type CodatService = 'PublicApi' | 'ClientsApi' | 'PullApi'

export interface ErrorMessageJson {
  statusCode: number
  service: CodatService
  error: string
  correlationId: string
  validation: null
  canBeRetried: 'Unknown'
  detailedErrorCode: number
}

export function errorBody(
  statusCode: number,
  service: CodatService,
  error: string,
): ErrorMessageJson {
  return {
    statusCode,
    service,
    error,
    // Unique per request, as in Codat; crypto.randomUUID is missing on plain-http demo hosts.
    correlationId: stableUuid(`${Date.now()}:${Math.random()}`),
    validation: null,
    canBeRetried: 'Unknown',
    detailedErrorCode: 0,
  }
}

export function codatError(
  statusCode: number,
  service: CodatService,
  error: string,
  headers: Record<string, string> = {},
): HttpResponse<ErrorMessageJson> {
  return HttpResponse.json(errorBody(statusCode, service, error), { status: statusCode, headers })
}

export function rateLimitHeaders(info: RateLimitInfo): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(info.limit),
    'X-Rate-Limit-Remaining': String(info.remaining),
    'X-Rate-Limit-Reset': formatCodatDate(info.resetAt),
  }
}
