// Refresh data: the Codat calls, query options that poll while a sync runs, and the mutations.
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query'
import { isInProgress } from '../lib/status-groups.ts'
import { apiFetch, CodatApiError } from './client.ts'
import { assertPaging, assertUuid, type PageParams } from './request-params.ts'
import { companyKeys } from './companies.ts'
import {
  dataStatusesSchema,
  pullOperationSchema,
  pullOperationsSchema,
  type DataStatuses,
  type PullOperation,
  type PullOperations,
} from './schemas.ts'

const DATA_STATUS = '/companies/{companyId}/dataStatus'
const REFRESH_ALL = '/companies/{companyId}/data/all'
const REFRESH_TYPE = '/companies/{companyId}/data/queue/{dataType}'
const HISTORY = '/companies/{companyId}/data/history'
const OPERATION = '/companies/{companyId}/data/history/{datasetId}'

/** How often to re-read while something runs; nothing is polled otherwise. */
export const POLL_MS = 2000

export type HistoryParams = PageParams

export async function getDataStatus(companyId: string, signal?: AbortSignal) {
  assertUuid(companyId, 'company ID', 'GET', DATA_STATUS)
  return apiFetch('GET', DATA_STATUS, {
    pathParams: { companyId },
    schema: dataStatusesSchema,
    signal,
  })
}

/** Queues every data type Codat fetches on first link; answers 204, so nothing comes back. */
export async function refreshAllData(companyId: string, signal?: AbortSignal): Promise<void> {
  assertUuid(companyId, 'company ID', 'POST', REFRESH_ALL)
  await apiFetch('POST', REFRESH_ALL, { pathParams: { companyId }, expectNoContent: true, signal })
}

/** Queues one data type, on one connection if given; answers with the queued pull operation. */
export async function refreshDataType(
  companyId: string,
  dataType: string,
  connectionId?: string,
  signal?: AbortSignal,
) {
  assertUuid(companyId, 'company ID', 'POST', REFRESH_TYPE)
  if (connectionId !== undefined) assertUuid(connectionId, 'connection ID', 'POST', REFRESH_TYPE)
  return apiFetch('POST', REFRESH_TYPE, {
    pathParams: { companyId, dataType },
    query: { connectionId },
    schema: pullOperationSchema,
    signal,
  })
}

export async function listPullOperations(
  companyId: string,
  params: HistoryParams = {},
  signal?: AbortSignal,
) {
  assertUuid(companyId, 'company ID', 'GET', HISTORY)
  assertPaging(params, 'GET', HISTORY)
  return apiFetch('GET', HISTORY, {
    pathParams: { companyId },
    query: { ...params },
    schema: pullOperationsSchema,
    signal,
  })
}

export async function getPullOperation(companyId: string, datasetId: string, signal?: AbortSignal) {
  assertUuid(companyId, 'company ID', 'GET', OPERATION)
  assertUuid(datasetId, 'pull operation ID', 'GET', OPERATION)
  return apiFetch('GET', OPERATION, {
    pathParams: { companyId, datasetId },
    schema: pullOperationSchema,
    signal,
  })
}

export function anyStatusInProgress(statuses: DataStatuses | undefined): boolean {
  return Object.values(statuses ?? {}).some((status) => isInProgress(status.currentStatus))
}

export function anyOperationInProgress(page: PullOperations | undefined): boolean {
  if (!page) return false
  // Asked on every render and every poll decision; a page is never changed once checked.
  let answer = inProgressByPage.get(page)
  if (answer === undefined) {
    answer = page.results.some((operation) => isInProgress(operation.status))
    inProgressByPage.set(page, answer)
  }
  return answer
}
const inProgressByPage = new WeakMap<PullOperations, boolean>()

export const refreshQueries = {
  status: (companyId: string) =>
    queryOptions({
      queryKey: companyKeys.dataStatus(companyId),
      queryFn: ({ signal }) => getDataStatus(companyId, signal),
      refetchInterval: (query) => (anyStatusInProgress(query.state.data) ? POLL_MS : false),
      // A hidden tab must not spend the company's rate-limit quota.
      refetchIntervalInBackground: false,
    }),
  history: (companyId: string, params: HistoryParams = {}) =>
    queryOptions({
      queryKey: companyKeys.history(companyId, params),
      queryFn: ({ signal }) => listPullOperations(companyId, params, signal),
      // Paging and sorting keep the old rows on screen until the new page arrives.
      placeholderData: keepPreviousData,
      refetchInterval: (query) => (anyOperationInProgress(query.state.data) ? POLL_MS : false),
      refetchIntervalInBackground: false,
    }),
  operation: (companyId: string, datasetId: string) =>
    queryOptions({
      queryKey: companyKeys.operation(companyId, datasetId),
      queryFn: ({ signal }) => getPullOperation(companyId, datasetId, signal),
      refetchInterval: (query) => (isInProgress(query.state.data?.status) ? POLL_MS : false),
      refetchIntervalInBackground: false,
    }),
}

/** Re-reads what a refresh changes; awaited so a mutation stays pending until it shows. */
function invalidateRefreshed(queryClient: QueryClient, companyId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: companyKeys.dataStatus(companyId) }),
    queryClient.invalidateQueries({ queryKey: companyKeys.histories(companyId) }),
  ])
}

/**
 * "Already in progress" still means a sync runs, and an unreadable answer may hide a queued one:
 * show what Codat has now rather than only the refusal.
 */
function invalidateIfAlreadyRunning(queryClient: QueryClient, companyId: string, error: Error) {
  if (
    error instanceof CodatApiError &&
    (error.isAlreadyInProgress || error.kind === 'invalid-response')
  ) {
    return invalidateRefreshed(queryClient, companyId)
  }
  return undefined
}

/** The refresh mutations' keys, so a screen can tell which refreshes are in flight. */
export const refreshMutationKeys = {
  all: (companyId: string) => [...companyKeys.detail(companyId), 'refresh-all'] as const,
  dataType: (companyId: string) => [...companyKeys.detail(companyId), 'refresh-data-type'] as const,
}

export function useRefreshAll(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation<void, Error, void>({
    mutationKey: refreshMutationKeys.all(companyId),
    mutationFn: () => refreshAllData(companyId),
    // A retried POST could queue the company twice; the user decides.
    retry: false,
    onSuccess: () => invalidateRefreshed(queryClient, companyId),
    onError: (error) => invalidateIfAlreadyRunning(queryClient, companyId, error),
  })
}

export interface RefreshDataTypeVariables {
  dataType: string
  connectionId?: string
}

export function useRefreshDataType(companyId: string) {
  const queryClient = useQueryClient()
  return useMutation<PullOperation, Error, RefreshDataTypeVariables>({
    mutationKey: refreshMutationKeys.dataType(companyId),
    mutationFn: ({ dataType, connectionId }) => refreshDataType(companyId, dataType, connectionId),
    retry: false,
    onSuccess: (operation) => {
      // The operation's own screen can open at once, without a round trip.
      queryClient.setQueryData(companyKeys.operation(companyId, operation.id), operation)
      return invalidateRefreshed(queryClient, companyId)
    },
    onError: (error) => invalidateIfAlreadyRunning(queryClient, companyId, error),
  })
}
