// Companies and connections: the Codat calls, the query-key hierarchy, and their query options.
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import { assertPaging, assertUuid, type PageParams } from './request-params.ts'
import { companiesSchema, companySchema, connectionsSchema, type Connection } from './schemas.ts'

const COMPANIES = '/companies'
const COMPANY = '/companies/{companyId}'
const CONNECTIONS = '/companies/{companyId}/connections'

export type CompanyListParams = PageParams

// Async, so a rejected argument arrives as a rejection like any other failure.

export async function listCompanies(params: CompanyListParams = {}, signal?: AbortSignal) {
  assertPaging(params, 'GET', COMPANIES)
  return apiFetch('GET', COMPANIES, { query: { ...params }, schema: companiesSchema, signal })
}

export async function getCompany(companyId: string, signal?: AbortSignal) {
  assertUuid(companyId, 'company ID', 'GET', COMPANY)
  return apiFetch('GET', COMPANY, { pathParams: { companyId }, schema: companySchema, signal })
}

export async function listConnections(
  companyId: string,
  params: PageParams = {},
  signal?: AbortSignal,
) {
  assertUuid(companyId, 'company ID', 'GET', CONNECTIONS)
  assertPaging(params, 'GET', CONNECTIONS)
  return apiFetch('GET', CONNECTIONS, {
    pathParams: { companyId },
    query: { ...params },
    schema: connectionsSchema,
    signal,
  })
}

/** Codat's recommended page size; a company rarely has more than a handful of connections. */
const CONNECTIONS_PAGE_SIZE = 100
/** A bound on the pages read, so a Codat that keeps answering cannot loop the screen forever. */
const MAX_CONNECTION_PAGES = 20

/**
 * Every connection of a company, page after page. This, not the company's optional
 * `dataConnections`, is what says which connections exist: a company answer without that
 * field means "not said", not "none".
 */
export async function listAllConnections(
  companyId: string,
  signal?: AbortSignal,
): Promise<Connection[]> {
  const connections: Connection[] = []
  for (let page = 1; page <= MAX_CONNECTION_PAGES; page += 1) {
    const answer = await listConnections(
      companyId,
      { page, pageSize: CONNECTIONS_PAGE_SIZE },
      signal,
    )
    connections.push(...answer.results)
    if (answer.results.length === 0 || connections.length >= answer.totalResults) break
  }
  return connections
}

/**
 * Every key for a company starts with `detail(id)`, so one prefix reaches all of its data;
 * the more specific keys narrow it (`dataStatus`, `history`, one operation).
 */
export const companyKeys = {
  all: ['companies'] as const,
  lists: () => [...companyKeys.all, 'list'] as const,
  list: (params: CompanyListParams) => [...companyKeys.lists(), params] as const,
  detail: (companyId: string) => [...companyKeys.all, 'detail', companyId] as const,
  connections: (companyId: string) => [...companyKeys.detail(companyId), 'connections'] as const,
  dataStatus: (companyId: string) => [...companyKeys.detail(companyId), 'dataStatus'] as const,
  /** Prefix of every history page of the company. */
  histories: (companyId: string) => [...companyKeys.detail(companyId), 'history'] as const,
  history: (companyId: string, params: PageParams) =>
    [...companyKeys.histories(companyId), params] as const,
  operation: (companyId: string, datasetId: string) =>
    [...companyKeys.detail(companyId), 'operations', datasetId] as const,
}

export const companyQueries = {
  list: (params: CompanyListParams = {}) =>
    queryOptions({
      queryKey: companyKeys.list(params),
      queryFn: ({ signal }) => listCompanies(params, signal),
    }),
  detail: (companyId: string) =>
    queryOptions({
      queryKey: companyKeys.detail(companyId),
      queryFn: ({ signal }) => getCompany(companyId, signal),
    }),
  /** All of the company's connections (every page). */
  connections: (companyId: string) =>
    queryOptions({
      queryKey: companyKeys.connections(companyId),
      queryFn: ({ signal }) => listAllConnections(companyId, signal),
    }),
}
