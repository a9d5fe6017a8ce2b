// The one fetch in the app: calls Codat through the /api proxy, parses, throws CodatApiError.
import type { z } from 'zod'
import { formatDuration } from '../lib/dates.ts'
import {
  describeZodError,
  errorMessageSchema,
  formatIssuePath,
  type ErrorMessage,
} from './schemas.ts'

export type CodatApiErrorKind =
  'http' | 'network' | 'timeout' | 'invalid-response' | 'invalid-request'

export type HttpMethod = 'GET' | 'POST'

/** Codat's quota headers; only present when Codat (or the proxy) passes them through. */
export interface RateLimitInfo {
  limit?: number
  remaining?: number
  /** When the daily quota resets, as Codat sent it. */
  reset?: string
}

export interface CodatApiErrorInit {
  kind: CodatApiErrorKind
  message: string
  method: HttpMethod
  /** The request path below the API base, IDs filled in, no query string. */
  path: string
  status?: number
  body?: ErrorMessage
  bodyText?: string
  retryAfterMs?: number
  rateLimit?: RateLimitInfo
  queuedMs?: number
  fieldPath?: string
  cause?: unknown
}

export class CodatApiError extends Error {
  override readonly name = 'CodatApiError'
  readonly kind: CodatApiErrorKind
  readonly method: HttpMethod
  readonly path: string
  readonly status?: number
  /** Codat's error body, parsed leniently. */
  readonly body?: ErrorMessage
  /** The body as text when it was not a JSON object (e.g. a proxy's plain-text error). */
  readonly bodyText?: string
  /** Quote it to Codat support. */
  readonly correlationId?: string
  /** From `Retry-After` (seconds or an HTTP date). */
  readonly retryAfterMs?: number
  readonly rateLimit?: RateLimitInfo
  /**
   * How long the console held the request behind other requests to Codat (its
   * `X-Console-Queued-Ms`); absent when it went straight through.
   */
  readonly queuedMs?: number
  /** For an invalid response: where it broke, e.g. `results.3.requested`. */
  readonly fieldPath?: string
  /** Codat refused to queue a data type that is already syncing. */
  readonly isAlreadyInProgress: boolean

  constructor(init: CodatApiErrorInit) {
    super(init.message, { cause: init.cause })
    this.kind = init.kind
    this.method = init.method
    this.path = init.path
    this.status = init.status
    this.body = init.body
    this.bodyText = init.bodyText
    this.correlationId = init.body?.correlationId
    this.retryAfterMs = init.retryAfterMs
    this.rateLimit = init.rateLimit
    this.queuedMs = init.queuedMs
    this.fieldPath = init.fieldPath
    // Recognised by text: Codat documents no status code for it (400 and 409 both seem possible).
    this.isAlreadyInProgress = (init.body?.error ?? init.bodyText ?? '').startsWith(
      'DatasetAlreadyInProgressException',
    )
  }
}

/** Where Codat is reached: the console's same-origin proxy (or, in the demo, its simulation). */
const API_BASE_PATH = '/api'

export const DEFAULT_TIMEOUT_MS = 30_000

export interface ApiFetchOptions<T> {
  /** Values for `{name}` placeholders in the path; each is encoded with encodeURIComponent. */
  pathParams?: Readonly<Record<string, string>>
  /** Encoded exactly once here; pass values as written (e.g. `status!=Complete`). */
  query?: Readonly<Record<string, string | number | undefined>>
  schema?: z.ZodType<T>
  signal?: AbortSignal
  timeoutMs?: number
  /** The operation answers 204 (any 2xx is accepted and its body ignored). */
  expectNoContent?: boolean
  /** Sent as JSON (the console's own endpoints; Codat's refreshes take none). */
  body?: unknown
}

export function apiFetch<T>(
  method: HttpMethod,
  path: string,
  options: ApiFetchOptions<T> & { schema: z.ZodType<T> },
): Promise<T>
export function apiFetch(
  method: HttpMethod,
  path: string,
  options: ApiFetchOptions<never> & { expectNoContent: true },
): Promise<undefined>
export function apiFetch(
  method: HttpMethod,
  path: string,
  options?: ApiFetchOptions<unknown>,
): Promise<unknown>
export async function apiFetch<T>(
  method: HttpMethod,
  path: string,
  options: ApiFetchOptions<T> = {},
): Promise<unknown> {
  // Messages name the path template, so they read the same for every company.
  const operation = `${method} ${path}`
  const filledPath = fillPath(method, path, options.pathParams ?? {})
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const context = { method, path: filledPath }
  try {
    const response = await fetch(`${API_BASE_PATH}${filledPath}${toSearch(options.query)}`, {
      method,
      headers:
        options.body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    })
    // Read inside the try: the timeout also covers a body that trickles in.
    const text = await response.text()
    if (!response.ok) throw httpError(operation, context, response, text)
    if (options.expectNoContent) return undefined
    if (response.status === 204 && !options.schema) return undefined
    return parseBody(operation, { ...context, status: response.status }, text, options.schema)
  } catch (error) {
    if (error instanceof CodatApiError) throw error
    // The caller gave up (e.g. React Query cancelled): not a failure to report.
    if (options.signal?.aborted) throw toAbortError(options.signal.reason)
    if (timeout.aborted) {
      throw new CodatApiError({
        ...context,
        kind: 'timeout',
        message: `${operation} got no answer within ${formatDuration(timeoutMs)}`,
        cause: error,
      })
    }
    throw new CodatApiError({
      ...context,
      kind: 'network',
      message: `${operation} could not reach the server (${errorText(error)})`,
      cause: error,
    })
  }
}

function fillPath(method: HttpMethod, template: string, params: Readonly<Record<string, string>>) {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined || value === '') {
      throw new CodatApiError({
        kind: 'invalid-request',
        method,
        path: template,
        message: `${method} ${template} needs a value for ${name}`,
      })
    }
    return encodeURIComponent(value)
  })
}

function toSearch(query: ApiFetchOptions<unknown>['query']): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, String(value))
  }
  // URLSearchParams writes spaces as "+"; %20 means a space to every server.
  const search = params.toString().replace(/\+/g, '%20')
  return search ? `?${search}` : ''
}

function parseBody<T>(
  operation: string,
  // The status is kept: a 200 with an unreadable body still says Codat accepted the request.
  context: { method: HttpMethod; path: string; status: number },
  text: string,
  schema: z.ZodType<T> | undefined,
): unknown {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const sample = text.trim() === '' ? 'an empty body' : JSON.stringify(text.slice(0, 60))
    throw new CodatApiError({
      ...context,
      kind: 'invalid-response',
      message: `Invalid response from ${operation}: expected JSON, got ${sample}`,
      cause: error,
    })
  }
  if (!schema) return json
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  throw new CodatApiError({
    ...context,
    kind: 'invalid-response',
    message: describeZodError(parsed.error, operation),
    fieldPath: formatIssuePath(parsed.error.issues[0]?.path ?? []),
    cause: parsed.error,
  })
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  408: 'Request timeout',
  409: 'Conflict',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
}

function httpError(
  operation: string,
  context: { method: HttpMethod; path: string },
  response: Response,
  text: string,
): CodatApiError {
  const { body, bodyText } = parseErrorBody(text)
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'))
  const statusText = STATUS_TEXT[response.status] ?? response.statusText
  // A short plain-text body (from a proxy, say) is worth showing; an HTML page is not.
  const said =
    body?.error ??
    (bodyText && bodyText.length <= 200 && !bodyText.includes('<') ? bodyText : undefined)
  const wait =
    retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`
  return new CodatApiError({
    ...context,
    kind: 'http',
    status: response.status,
    body,
    bodyText,
    retryAfterMs,
    rateLimit: readRateLimit(response.headers),
    queuedMs: readQueuedMs(response.headers),
    message: `${operation} failed: ${response.status} ${statusText}${said ? `: ${said}` : ''}${wait}`,
  })
}

function parseErrorBody(text: string): { body?: ErrorMessage; bodyText?: string } {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  try {
    const parsed = errorMessageSchema.safeParse(JSON.parse(trimmed))
    if (parsed.success) return { body: parsed.data }
  } catch {
    // Not JSON: keep the text below.
  }
  return { bodyText: trimmed.slice(0, 2000) }
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date; undefined if absent. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

function readRateLimit(headers: Headers): RateLimitInfo | undefined {
  const number = (name: string) => {
    const value = headers.get(name)
    return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined
  }
  const info: RateLimitInfo = {
    limit: number('X-Rate-Limit-Limit'),
    remaining: number('X-Rate-Limit-Remaining'),
    reset: headers.get('X-Rate-Limit-Reset') ?? undefined,
  }
  return Object.values(info).some((value) => value !== undefined) ? info : undefined
}

function readQueuedMs(headers: Headers): number | undefined {
  const value = headers.get('X-Console-Queued-Ms')?.trim()
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
}

function toAbortError(reason: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason
  return new DOMException('The request was cancelled', 'AbortError')
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
