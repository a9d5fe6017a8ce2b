// The scanner's reads from Codat (companies, data status, connections), through the rate gate, parsed with zod.
import type { z } from 'zod'
import {
  companiesSchema,
  connectionsSchema,
  dataStatusesSchema,
  type Companies,
  type Connection,
  type DataStatuses,
} from '../../api/schemas.ts'
import type { RateGate } from './rate-gate.ts'

export type ReadOperation = 'list-companies' | 'list-connections' | 'get-data-status'

export interface UpstreamObservation {
  operation: ReadOperation
  status: number | 'error'
  seconds: number
  remaining: number | null
}

export interface CodatReaderOptions {
  baseUrl: URL
  authHeader: string
  timeoutMs: number
  gate: RateGate
  observe?: (observation: UpstreamObservation) => void
  /** Waits between retries of a failed read; tests shorten them. */
  retryDelaysMs?: readonly number[]
}

export interface CodatReader {
  listCompanies(page: number, pageSize: number): Promise<Companies>
  dataStatus(companyId: string): Promise<DataStatuses | 'not-found'>
  connections(companyId: string): Promise<Connection[] | 'not-found'>
  /** Requests sent, answered or not (429s and retries included). */
  requestCount(): number
}

export class CodatReadError extends Error {}

const CONNECTIONS_PAGE = 100

export function createCodatReader(options: CodatReaderOptions): CodatReader {
  const delays = options.retryDelaysMs ?? [1000, 4000]
  const base = options.baseUrl.href.replace(/\/+$/, '')
  let sent = 0

  async function get<S extends z.ZodType>(
    operation: ReadOperation,
    path: string,
    schema: S,
  ): Promise<z.infer<S> | 'not-found'> {
    for (let attempt = 0; ; attempt += 1) {
      const started = performance.now()
      let response: Response
      try {
        response = await options.gate.run(() => {
          sent += 1
          return fetch(`${base}${path}`, {
            headers: {
              Authorization: options.authHeader,
              Accept: 'application/json',
              'User-Agent': 'codat-refresh-console-fleet',
            },
            signal: AbortSignal.timeout(options.timeoutMs),
          })
        })
      } catch (error) {
        options.observe?.({
          operation,
          status: 'error',
          seconds: seconds(started),
          remaining: null,
        })
        if (attempt < delays.length) {
          await wait(delays[attempt] ?? 1000)
          continue
        }
        throw new CodatReadError(
          `${operation}: ${error instanceof Error ? error.message : String(error)}`,
        )
      }
      const remaining = response.headers.get('x-rate-limit-remaining')
      options.observe?.({
        operation,
        status: response.status,
        seconds: seconds(started),
        remaining: remaining !== null && /^\d+$/.test(remaining) ? Number(remaining) : null,
      })
      // A 429 paused the whole gate until Retry-After; the same read goes again after it.
      if (response.status === 429) {
        await response.body?.cancel()
        continue
      }
      if (response.status === 404) {
        await response.body?.cancel()
        return 'not-found'
      }
      if (response.status >= 500 && attempt < delays.length) {
        await response.body?.cancel()
        await wait(delays[attempt] ?? 1000)
        continue
      }
      if (!response.ok) {
        await response.body?.cancel()
        throw new CodatReadError(`${operation}: Codat answered ${response.status}`)
      }
      const parsed = schema.safeParse(await response.json().catch(() => undefined))
      if (!parsed.success) throw new CodatReadError(`${operation}: unexpected answer from Codat`)
      return parsed.data
    }
  }

  return {
    async listCompanies(page, pageSize) {
      const result = await get(
        'list-companies',
        `/companies?page=${page}&pageSize=${pageSize}`,
        companiesSchema,
      )
      if (result === 'not-found')
        return {
          pageNumber: page,
          pageSize,
          totalResults: 0,
          results: [],
          _links: { self: {}, current: {} },
        }
      return result
    },
    dataStatus: (companyId) =>
      get(
        'get-data-status',
        `/companies/${encodeURIComponent(companyId)}/dataStatus`,
        dataStatusesSchema,
      ),
    async connections(companyId) {
      const all: Connection[] = []
      for (let page = 1; ; page += 1) {
        const result = await get(
          'list-connections',
          `/companies/${encodeURIComponent(companyId)}/connections?page=${page}&pageSize=${CONNECTIONS_PAGE}`,
          connectionsSchema,
        )
        if (result === 'not-found') return page === 1 ? 'not-found' : all
        all.push(...result.results)
        if (result.results.length < CONNECTIONS_PAGE || all.length >= result.totalResults)
          return all
      }
    },
    requestCount: () => sent,
  }
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
