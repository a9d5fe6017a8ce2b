// The scanner's reads from Codat (companies, data status, connections), through the rate gate, parsed with zod.
import type { z } from 'zod'
import {
  companiesSchema,
  connectionsSchema,
  dataStatusesSchema,
  pullOperationsSchema,
  type Companies,
  type Connection,
  type DataStatuses,
  type PullOperations,
} from '../../api/schemas.ts'
import { buildQuery } from '../../lib/codat-query.ts'
import { parseJsonText } from '../../lib/json-text.ts'
import { isUuid } from '../../lib/uuid.ts'
import type { UpstreamSample } from '../metrics/console-metrics.ts'
import type { RateGate } from './rate-gate.ts'
import { MAX_ANSWER_BYTES, MAX_CONNECTION_PAGES, MAX_RATE_LIMITED_TRIES } from './reading-bounds.ts'

export type ReadOperation =
  'list-companies' | 'list-connections' | 'get-data-status' | 'list-pull-operations'

/** A fleet read's sample names its operation from a closed list. */
type ReadSample = UpstreamSample & { operation: ReadOperation }

export interface CodatReaderOptions {
  baseUrl: URL
  authHeader: string
  timeoutMs: number
  gate: RateGate
  observe?: (sample: ReadSample) => void
  /** Waits between retries of a failed read; tests shorten them. */
  retryDelaysMs?: readonly number[]
}

/** Why a company is read: its turn in a full scan, or a follow-up (in progress, webhook, refresh). */
export type ReadPurpose = 'scan' | 'follow-up'

/** Requests by what they were for; each request once, its repeats under `retries`. */
export interface ReadCounts {
  /** Pages of the company list. */
  listPages: number
  /** Data status and connections reads of companies in their full-scan turn. */
  scan: number
  /** The same reads for follow-ups. */
  followUp: number
  /** A failing type's recent pull operations, to count its failures in a row. */
  history: number
  /** Repeats after a 429, a 5xx or a network error. */
  retries: number
  /** 429 answers. */
  rateLimited: number
}

/** A company's connections; `cutShort` says why the list is not the whole of them. */
export interface ConnectionList {
  results: Connection[]
  cutShort: string | null
}

export interface CodatReader {
  /** One page of the company list; a 404 is an error here, never an empty page. */
  listCompanies(page: number, pageSize: number): Promise<Companies>
  dataStatus(companyId: string, purpose?: ReadPurpose): Promise<DataStatuses | 'not-found'>
  connections(companyId: string, purpose?: ReadPurpose): Promise<ConnectionList | 'not-found'>
  /**
   * One type's latest pull operations, newest first, one page of `pageSize`; undefined when the
   * type's name cannot go in a Codat query.
   */
  typeHistory(
    companyId: string,
    dataType: string,
    pageSize: number,
  ): Promise<PullOperations | 'not-found' | undefined>
  /** Requests sent, answered or not (429s and retries included). */
  requestCount(): number
  counts(): ReadCounts
}

export class CodatReadError extends Error {}

/** Company IDs go into paths: only a UUID does, as in the proxy's allowlist. */
function companyPath(companyId: string): string {
  if (!isUuid(companyId))
    throw new CodatReadError(`Not a company ID: ${JSON.stringify(companyId.slice(0, 60))}`)
  return `/companies/${companyId}`
}

const CONNECTIONS_PAGE = 100

export function createCodatReader(options: CodatReaderOptions): CodatReader {
  const delays = options.retryDelaysMs ?? [1000, 4000]
  const base = options.baseUrl.href.replace(/\/+$/, '')
  let sent = 0
  const counts: ReadCounts = {
    listPages: 0,
    scan: 0,
    followUp: 0,
    history: 0,
    retries: 0,
    rateLimited: 0,
  }

  async function get<S extends z.ZodType>(
    operation: ReadOperation,
    path: string,
    schema: S,
    purpose: ReadPurpose | 'list' | 'history',
  ): Promise<z.infer<S> | 'not-found'> {
    let failures = 0
    let rateLimited = 0
    for (let attempt = 0; ; attempt += 1) {
      const started = performance.now()
      let response: Response
      try {
        response = await options.gate.run(
          () => {
            sent += 1
            if (attempt > 0) counts.retries += 1
            else if (purpose === 'list') counts.listPages += 1
            else if (purpose === 'history') counts.history += 1
            else if (purpose === 'scan') counts.scan += 1
            else counts.followUp += 1
            return fetch(`${base}${path}`, {
              headers: {
                Authorization: options.authHeader,
                Accept: 'application/json',
                'User-Agent': 'codat-refresh-console-fleet',
              },
              // A redirect could take the key elsewhere: Codat's API answers in place.
              redirect: 'error',
              signal: AbortSignal.timeout(options.timeoutMs),
            })
          },
          { isRetry: attempt > 0 },
        )
      } catch (error) {
        options.observe?.({
          operation,
          status: 'error',
          seconds: seconds(started),
          remaining: null,
        })
        if (failures < delays.length) {
          await wait(delays[failures] ?? 1000)
          failures += 1
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
      // A 429 paused the whole gate until Retry-After (at least a second, longer each time in a
      // row); the same read goes again after it, first in the gate's queue, up to a limit.
      if (response.status === 429) {
        counts.rateLimited += 1
        rateLimited += 1
        await discard(response)
        if (rateLimited >= MAX_RATE_LIMITED_TRIES)
          throw new CodatReadError(`${operation}: still rate limited after ${rateLimited} tries`)
        continue
      }
      if (response.status === 404) {
        await discard(response)
        return 'not-found'
      }
      if (response.status >= 500 && failures < delays.length) {
        await discard(response)
        await wait(delays[failures] ?? 1000)
        failures += 1
        continue
      }
      if (!response.ok) {
        await discard(response)
        throw new CodatReadError(`${operation}: Codat answered ${response.status}`)
      }
      const text = await readCapped(response, MAX_ANSWER_BYTES).catch((error: unknown) => {
        throw new CodatReadError(`${operation}: ${(error as Error).message}`)
      })
      const parsed = schema.safeParse(parseJsonText(text))
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
        'list',
      )
      // A list page that is not there says nothing about which companies exist.
      if (result === 'not-found')
        throw new CodatReadError(`list-companies: Codat answered 404 for page ${page}`)
      return result
    },
    dataStatus: (companyId, purpose = 'scan') =>
      get('get-data-status', `${companyPath(companyId)}/dataStatus`, dataStatusesSchema, purpose),
    async connections(companyId, purpose = 'scan') {
      const byId = new Map<string, Connection>()
      for (let page = 1; ; page += 1) {
        if (page > MAX_CONNECTION_PAGES)
          return {
            results: [...byId.values()],
            cutShort: `only the first ${byId.size} connections were read (${MAX_CONNECTION_PAGES} pages)`,
          }
        const result = await get(
          'list-connections',
          `${companyPath(companyId)}/connections?page=${page}&pageSize=${CONNECTIONS_PAGE}`,
          connectionsSchema,
          purpose,
        )
        if (result === 'not-found')
          return page === 1
            ? 'not-found'
            : {
                results: [...byId.values()],
                cutShort: `page ${page} of the connections was missing`,
              }
        const before = byId.size
        for (const connection of result.results)
          if (!byId.has(connection.id)) byId.set(connection.id, connection)
        if (result.results.length < CONNECTIONS_PAGE || byId.size >= result.totalResults)
          return { results: [...byId.values()], cutShort: null }
        // A full page with nothing new: the pages repeat, and a claimed total would never be met.
        if (byId.size === before)
          return {
            results: [...byId.values()],
            cutShort: `Codat's connection pages repeat after ${byId.size} connections`,
          }
      }
    },
    async typeHistory(companyId, dataType, pageSize) {
      let query: string | undefined
      try {
        query = buildQuery([{ field: 'dataType', value: dataType }])
      } catch {
        return undefined
      }
      if (query === undefined) return undefined
      const params = new URLSearchParams({
        page: '1',
        pageSize: String(pageSize),
        query,
        orderBy: '-requested',
      })
      return get(
        'list-pull-operations',
        `${companyPath(companyId)}/data/history?${params.toString()}`,
        pullOperationsSchema,
        'history',
      )
    },
    requestCount: () => sent,
    counts: () => ({ ...counts }),
  }
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000
}

/**
 * Reads an answer we do not need to its end: Codat's error bodies are small, the connection
 * goes back to the pool, and nothing waits on a cancel some fetch layers never settle.
 */
async function discard(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined)
}

/** The body as text, refused past `limit` bytes without reading the rest. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined)
    throw new Error(`answer of ${declared} bytes is over the ${limit}-byte limit`)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new Error(`answer is over the ${limit}-byte limit`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
