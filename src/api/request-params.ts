// Checks on request arguments, made before any request so a bad ID or page fails at once.
import { isUuid } from '../lib/uuid.ts'
import { CodatApiError, type HttpMethod } from './client.ts'

/** Fails fast, before any request, when an ID cannot be a Codat ID (they are all UUIDs). */
export function assertUuid(value: string, label: string, method: HttpMethod, path: string): void {
  if (isUuid(value)) return
  throw new CodatApiError({
    kind: 'invalid-request',
    method,
    path,
    message: `${JSON.stringify(value)} is not a valid ${label} (expected a UUID)`,
  })
}

export interface PageParams {
  /** 1-based. */
  page?: number
  pageSize?: number
  /** Codat query language; build it with `buildQuery`. */
  query?: string
  /** A field, `-` first for descending. */
  orderBy?: string
}

/** Codat's paging limits: page ≥ 1, 1 ≤ pageSize ≤ 5000. */
export function assertPaging(params: PageParams, method: HttpMethod, path: string): void {
  const { page, pageSize } = params
  const problem =
    page !== undefined && (!Number.isInteger(page) || page < 1)
      ? `page must be a whole number from 1 (got ${page})`
      : pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000)
        ? `pageSize must be a whole number from 1 to 5000 (got ${pageSize})`
        : undefined
  if (problem) throw new CodatApiError({ kind: 'invalid-request', method, path, message: problem })
}
