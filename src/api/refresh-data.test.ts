import {
  QueryClient,
  QueryClientProvider,
  useQuery,
  type QueryKey,
  type QueryObserverOptions,
} from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { delay, http, HttpResponse } from 'msw'
import { createElement, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { server } from '../mocks/node.ts'
import { CodatApiError } from './client.ts'
import { companyKeys, companyQueries } from './companies.ts'
import { POLL_MS, refreshQueries, useRefreshAll, useRefreshDataType } from './refresh-data.ts'
import { dataStatusesSchema, pullOperationSchema, pullOperationsSchema } from './schemas.ts'

const COMPANY_ID = '8a210b68-6988-11ed-a1eb-0242ac120002'
const OTHER_COMPANY_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6'
const DATASET_ID = '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b'

function pullOperation(status: string) {
  return {
    id: DATASET_ID,
    companyId: COMPANY_ID,
    connectionId: '51baa045-4836-4317-a42e-3542e991e581',
    dataType: 'invoices',
    status,
    requested: '2026-11-28T21:05:03.1234567Z',
    progress: 0,
    isCompleted: false,
    isErrored: false,
  }
}

function historyPage(statuses: string[]) {
  return {
    results: statuses.map(pullOperation),
    pageNumber: 1,
    pageSize: 100,
    totalResults: statuses.length,
    _links: { self: { href: '/x' }, current: { href: '/x?page=1' } },
  }
}

function freshClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } })
}

function wrapperFor(client: QueryClient) {
  return ({ children }: { children: ReactNode }) =>
    createElement(QueryClientProvider, { client }, children)
}

describe('query keys', () => {
  it('roots everything about a company at its detail key', () => {
    const detail = ['companies', 'detail', COMPANY_ID]
    expect(companyQueries.detail(COMPANY_ID).queryKey).toEqual(detail)
    expect(companyQueries.list({ page: 2 }).queryKey).toEqual(['companies', 'list', { page: 2 }])
    expect(companyQueries.connections(COMPANY_ID).queryKey.slice(0, 4)).toEqual([
      ...detail,
      'connections',
    ])
    expect(refreshQueries.status(COMPANY_ID).queryKey).toEqual([...detail, 'dataStatus'])
    expect(refreshQueries.history(COMPANY_ID, { page: 3 }).queryKey).toEqual([
      ...detail,
      'history',
      { page: 3 },
    ])
    expect(refreshQueries.operation(COMPANY_ID, DATASET_ID).queryKey).toEqual([
      ...detail,
      'operations',
      DATASET_ID,
    ])
  })
})

describe('polling', () => {
  /** The refetchInterval the options give for `data` in the cache; hidden tabs never poll. */
  function intervalFor<TData, TKey extends QueryKey>(
    options: QueryObserverOptions<TData, Error, TData, TData, TKey>,
    data: TData | undefined,
  ) {
    const client = freshClient()
    const query = client.getQueryCache().build(client, options)
    if (data !== undefined) query.setData(data)
    expect(options.refetchIntervalInBackground).toBe(false)
    const interval = options.refetchInterval
    return typeof interval === 'function' ? interval(query) : interval
  }

  it('polls data status only while a data type is running', () => {
    const status = refreshQueries.status(COMPANY_ID)
    const running = {
      invoices: { dataType: 'invoices', currentStatus: 'Fetching' },
      bills: { dataType: 'bills' },
    }
    const settled = {
      invoices: { dataType: 'invoices', currentStatus: 'Complete' },
      bills: { dataType: 'bills', currentStatus: 'Teleporting' },
    }
    expect(intervalFor(status, dataStatusesSchema.parse(running))).toBe(POLL_MS)
    expect(intervalFor(status, dataStatusesSchema.parse(settled))).toBe(false)
    expect(intervalFor(status, undefined)).toBe(false)
  })

  it('polls a history page or an operation only while one runs', () => {
    const history = refreshQueries.history(COMPANY_ID, {})
    const page = (statuses: string[]) => pullOperationsSchema.parse(historyPage(statuses))
    expect(intervalFor(history, page(['Complete', 'Queued']))).toBe(POLL_MS)
    expect(intervalFor(history, page(['Complete', 'FetchError']))).toBe(false)
    const operation = refreshQueries.operation(COMPANY_ID, DATASET_ID)
    const op = (status: string) => pullOperationSchema.parse(pullOperation(status))
    expect(intervalFor(operation, op('Mapping'))).toBe(POLL_MS)
    expect(intervalFor(operation, op('AuthError'))).toBe(false)
  })

  it('keeps the previous history page on screen while the next loads', async () => {
    let releaseSecondPage: () => void = () => undefined
    const secondPageAsked = new Promise<void>((resolve) => (releaseSecondPage = resolve))
    server.use(
      http.get('/api/companies/:companyId/data/history', async ({ request }) => {
        const page = new URL(request.url).searchParams.get('page')
        if (page === '2') await secondPageAsked
        return HttpResponse.json(historyPage(page === '2' ? ['Queued'] : ['Complete']))
      }),
    )
    const { result, rerender } = renderHook(
      ({ page }: { page: number }) => useQuery(refreshQueries.history(COMPANY_ID, { page })),
      { wrapper: wrapperFor(freshClient()), initialProps: { page: 1 } },
    )
    await waitFor(() => expect(result.current.data?.results[0]?.status).toBe('Complete'))

    rerender({ page: 2 })
    // Page 1's rows stay while page 2 is on its way, marked as such; no empty table flashes.
    expect(result.current.isPlaceholderData).toBe(true)
    expect(result.current.data?.results[0]?.status).toBe('Complete')
    releaseSecondPage()
    await waitFor(() => expect(result.current.data?.results[0]?.status).toBe('Queued'))
    expect(result.current.isPlaceholderData).toBe(false)
  })
})

describe('useRefreshDataType', () => {
  it('caches the queued operation and stays pending until status and history are re-read', async () => {
    let statusReads = 0
    let historyReads = 0
    server.use(
      http.post('/api/companies/:companyId/data/queue/:dataType', () =>
        HttpResponse.json(pullOperation('Initial')),
      ),
      http.get('/api/companies/:companyId/dataStatus', async () => {
        statusReads += 1
        await delay(50)
        return HttpResponse.json({
          invoices: {
            dataType: 'invoices',
            currentStatus: statusReads > 1 ? 'Queued' : 'Complete',
          },
        })
      }),
      http.get('/api/companies/:companyId/data/history', () => {
        historyReads += 1
        return HttpResponse.json(historyPage(['Initial']))
      }),
    )
    const client = freshClient()
    const { result } = renderHook(
      () => ({
        status: useQuery(refreshQueries.status(COMPANY_ID)),
        history: useQuery(refreshQueries.history(COMPANY_ID, {})),
        refresh: useRefreshDataType(COMPANY_ID),
      }),
      { wrapper: wrapperFor(client) },
    )
    await waitFor(() =>
      expect(result.current.status.data?.invoices?.currentStatus).toBe('Complete'),
    )

    let settledWith: string | undefined
    await act(async () => {
      const operation = await result.current.refresh.mutateAsync({ dataType: 'invoices' })
      // By the time the mutation settles, the screen already shows its effect.
      const statusKey = refreshQueries.status(COMPANY_ID).queryKey
      settledWith = client.getQueryData(statusKey)?.invoices?.currentStatus
      expect(operation.status).toBe('Initial')
    })
    expect(settledWith).toBe('Queued')
    expect(historyReads).toBe(2)
    const operationKey = refreshQueries.operation(COMPANY_ID, DATASET_ID).queryKey
    expect(client.getQueryData(operationKey)).toMatchObject({
      id: DATASET_ID,
      status: 'Initial',
    })
  })

  it('does not retry a failed refresh', async () => {
    let posts = 0
    server.use(
      http.post('/api/companies/:companyId/data/queue/:dataType', () => {
        posts += 1
        return HttpResponse.json({ error: 'boom' }, { status: 503 })
      }),
    )
    // Even with a client that retries by default, the mutation itself says no.
    const client = new QueryClient({ defaultOptions: { mutations: { retry: 3 } } })
    const { result } = renderHook(() => useRefreshDataType(COMPANY_ID), {
      wrapper: wrapperFor(client),
    })
    await act(async () => {
      await result.current.mutateAsync({ dataType: 'invoices' }).catch(() => undefined)
    })
    expect(result.current.error).toBeInstanceOf(CodatApiError)
    expect(posts).toBe(1)
  })
})

describe('useRefreshAll', () => {
  it('re-reads only that company’s data status once Codat accepts', async () => {
    server.use(
      http.post(
        '/api/companies/:companyId/data/all',
        () => new HttpResponse(null, { status: 204 }),
      ),
    )
    const client = freshClient()
    client.setQueryData(companyKeys.dataStatus(COMPANY_ID), {})
    client.setQueryData(companyKeys.dataStatus(OTHER_COMPANY_ID), {})
    client.setQueryData(companyKeys.detail(COMPANY_ID), { id: COMPANY_ID })
    const { result } = renderHook(() => useRefreshAll(COMPANY_ID), { wrapper: wrapperFor(client) })
    await act(() => result.current.mutateAsync())
    const state = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated
    expect(state(companyKeys.dataStatus(COMPANY_ID))).toBe(true)
    expect(state(companyKeys.dataStatus(OTHER_COMPANY_ID))).toBe(false)
    expect(state(companyKeys.detail(COMPANY_ID))).toBe(false)
  })

  it('still shows the running sync when Codat says one is already in progress', async () => {
    server.use(
      http.post('/api/companies/:companyId/data/all', () =>
        HttpResponse.json(
          { error: 'DatasetAlreadyInProgressException: Cannot queue invoices sync' },
          { status: 400 },
        ),
      ),
    )
    const client = freshClient()
    client.setQueryData(companyKeys.dataStatus(COMPANY_ID), {})
    const { result } = renderHook(() => useRefreshAll(COMPANY_ID), { wrapper: wrapperFor(client) })
    await act(async () => {
      await result.current.mutateAsync().catch(() => undefined)
    })
    expect(result.current.error).toMatchObject({ isAlreadyInProgress: true })
    expect(client.getQueryState(companyKeys.dataStatus(COMPANY_ID))?.isInvalidated).toBe(true)
  })
})
