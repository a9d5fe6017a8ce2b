// Companies and connections: the Codat calls, the query-key hierarchy, and their query options.
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client'
import { assertPaging, assertUuid, type PageParams } from './request-params'
import { companiesSchema, companySchema, connectionsSchema } from './schemas'

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

/**
 * Every key for a company starts with `detail(id)`, so one prefix reaches all of its data;
 * the more specific keys narrow it (`dataStatus`, `history`, one operation).
 */
export const companyKeys = {
  all: ['companies'] as const,
  lists: () => [...companyKeys.all, 'list'] as const,
  list: (params: CompanyListParams) => [...companyKeys.lists(), params] as const,
  detail: (companyId: string) => [...companyKeys.all, 'detail', companyId] as const,
  connections: (companyId: string, params: PageParams = {}) =>
    [...companyKeys.detail(companyId), 'connections', params] as const,
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
  connections: (companyId: string, params: PageParams = {}) =>
    queryOptions({
      queryKey: companyKeys.connections(companyId, params),
      queryFn: ({ signal }) => listConnections(companyId, params, signal),
    }),
}
