// Reads every page of the current history view, up to a cap: two requests at a time at most,
// waiting out Codat's Retry-After, stoppable at any point.
import { CodatApiError } from '../../api/client.ts'
import { listPullOperations } from '../../api/refresh-data.ts'
import type { PullOperation, PullOperations } from '../../api/schemas.ts'

export const DEFAULT_EXPORT_CAP = 10_000
export const EXPORT_PAGE_SIZE = 1000
export const EXPORT_CONCURRENCY = 2
/** Attempts per page when Codat keeps asking to wait; then the export gives up. */
const MAX_ATTEMPTS = 6
/** When a 429 or 503 names no Retry-After. */
const FALLBACK_WAIT_MS = 2000

export interface ExportProgress {
  /** Rows read so far. */
  done: number
  /** Rows to read: the view's total, or the cap. */
  total: number
  /** Set while every request waits for Codat's Retry-After to pass. */
  waitingUntil?: number
}

export interface ExportRequest {
  companyId: string
  query?: string
  orderBy?: string
  cap?: number
  pageSize?: number
  signal: AbortSignal
  onProgress?: (progress: ExportProgress) => void
}

export interface ExportResult {
  operations: PullOperation[]
  /** How many Codat holds for this view. */
  totalResults: number
  /** True when the cap stopped the export before the end. */
  isTruncated: boolean
  requests: number
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(done, Math.max(0, ms))
    function done() {
      signal.removeEventListener('abort', stop)
      resolve()
    }
    function stop() {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    signal.addEventListener('abort', stop, { once: true })
  })
}

function isWaitAnswer(error: unknown): error is CodatApiError {
  return error instanceof CodatApiError && (error.status === 429 || error.status === 503)
}

export async function exportHistory(request: ExportRequest): Promise<ExportResult> {
  const { companyId, query, orderBy } = request
  // Stops the other request too when one fails, as well as when the caller cancels.
  const stopper = new AbortController()
  const signal = AbortSignal.any([request.signal, stopper.signal])
  const cap = request.cap ?? DEFAULT_EXPORT_CAP
  const pageSize = Math.min(request.pageSize ?? EXPORT_PAGE_SIZE, cap)
  // One pause for every request: a 429 means the whole client is over its limit.
  let resumeAt = 0
  let requests = 0
  let done = 0
  let total = 0

  const readPage = async (page: number): Promise<PullOperations> => {
    for (let attempt = 1; ; attempt++) {
      if (resumeAt > Date.now()) await sleep(resumeAt - Date.now(), signal)
      try {
        requests++
        return await listPullOperations(companyId, { page, pageSize, query, orderBy }, signal)
      } catch (error) {
        if (!isWaitAnswer(error) || attempt >= MAX_ATTEMPTS) throw error
        resumeAt = Math.max(resumeAt, Date.now() + (error.retryAfterMs ?? FALLBACK_WAIT_MS))
        request.onProgress?.({ done, total, waitingUntil: resumeAt })
      }
    }
  }

  const first = await readPage(1)
  const totalResults = first.totalResults
  total = Math.min(totalResults, cap)
  const pages: PullOperation[][] = [first.results]
  done = Math.min(first.results.length, total)
  request.onProgress?.({ done, total })
  const pageCount = Math.ceil(total / pageSize)
  let next = 2
  const worker = async () => {
    while (next <= pageCount) {
      const page = next++
      const answer = await readPage(page)
      pages[page - 1] = answer.results
      done = Math.min(done + answer.results.length, total)
      request.onProgress?.({ done, total })
    }
  }
  try {
    await Promise.all(Array.from({ length: EXPORT_CONCURRENCY }, worker))
  } catch (error) {
    stopper.abort()
    throw error
  }

  // New pulls arriving while paging shift rows from one page to the next: keep each once.
  const seen = new Set<string>()
  const operations: PullOperation[] = []
  for (const operation of pages.flat()) {
    if (seen.has(operation.id)) continue
    seen.add(operation.id)
    operations.push(operation)
    if (operations.length === cap) break
  }
  return { operations, totalResults, isTruncated: totalResults > cap, requests }
}
