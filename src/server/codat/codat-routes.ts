// The Codat allowlist as console routes: which /api requests map to which Codat operation, and the upstream path built from checked parts.
import { UUID_SOURCE } from '../../lib/uuid.ts'
import type { ConsoleRoute, RouteContext } from '../http/console-route.ts'
import { sendError } from '../http/json-answers.ts'

export type Operation =
  | 'list-companies'
  | 'get-company'
  | 'list-connections'
  | 'get-data-status'
  | 'refresh-company-data'
  | 'refresh-data-type'
  | 'list-pull-operations'
  | 'get-pull-operation'

/** One call to Codat, built only from parts that passed the allowlist's checks. */
export interface CodatCall {
  operation: Operation
  isRefresh: boolean
  /** Path and query for Codat; append to CODAT_BASE_URL's path. */
  upstreamPath: string
  companyId?: string
  dataType?: string
  connectionId?: string
}

/** Sends a checked call to Codat and answers the client with what came back. */
export type SendToCodat = (context: RouteContext, call: CodatCall) => Promise<void>

type QueryName = 'page' | 'pageSize' | 'query' | 'orderBy' | 'tags' | 'connectionId'
type ParamName = 'companyId' | 'dataType' | 'datasetId'

interface AllowedCall {
  operation: Operation
  method: 'GET' | 'POST'
  /** Codat's path; `{name}` stands for one checked segment. */
  path: string
  query: readonly QueryName[]
}

/** The allowlisted calls carry no body; anything over this is refused, not forwarded. */
const BODY_LIMIT = 1024
const URL_LIMIT = 4096
const LIST: readonly QueryName[] = ['page', 'pageSize', 'query', 'orderBy']
const COMPANY = '/companies/{companyId}'

const ALLOWED: readonly AllowedCall[] = [
  { operation: 'list-companies', method: 'GET', path: '/companies', query: [...LIST, 'tags'] },
  { operation: 'get-company', method: 'GET', path: COMPANY, query: [] },
  { operation: 'list-connections', method: 'GET', path: `${COMPANY}/connections`, query: LIST },
  { operation: 'get-data-status', method: 'GET', path: `${COMPANY}/dataStatus`, query: [] },
  { operation: 'refresh-company-data', method: 'POST', path: `${COMPANY}/data/all`, query: [] },
  {
    operation: 'refresh-data-type',
    method: 'POST',
    path: `${COMPANY}/data/queue/{dataType}`,
    query: ['connectionId'],
  },
  {
    operation: 'list-pull-operations',
    method: 'GET',
    path: `${COMPANY}/data/history`,
    query: LIST,
  },
  {
    operation: 'get-pull-operation',
    method: 'GET',
    path: `${COMPANY}/data/history/{datasetId}`,
    query: [],
  },
]

const UUID = new RegExp(`^${UUID_SOURCE}$`, 'i')
// Codat's DataType enum has 43 members, all matching this; PullOperation.dataType is a free string.
const DATA_TYPE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/
/** A path segment as the routes match it; anything else never reaches a route. */
const SEGMENT = '[A-Za-z0-9_-]+'

/** Each path parameter's check, and what a value that fails it is called. */
const PARAM_RULES: Record<ParamName, { test: (value: string) => boolean; refusal: string }> = {
  companyId: { test: (value) => UUID.test(value), refusal: 'Company ID "%s" is not a UUID' },
  datasetId: { test: (value) => UUID.test(value), refusal: 'Pull operation ID "%s" is not a UUID' },
  dataType: {
    test: (value) => DATA_TYPE.test(value),
    refusal: 'Data type "%s" is not a Codat data type name',
  },
}

const QUERY_RULES: Record<QueryName, (value: string) => boolean> = {
  page: (value) => /^[1-9]\d{0,8}$/.test(value),
  pageSize: (value) => /^[1-9]\d{0,3}$/.test(value) && Number(value) <= 5000,
  query: (value) => value.length <= 2048 && !hasControlCharacters(value),
  orderBy: (value) => /^-?[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(value),
  tags: (value) => value.length <= 2048 && !hasControlCharacters(value),
  connectionId: (value) => UUID.test(value),
}

/**
 * One console route per allowlisted call; the router applies sign-in, method, CSRF, role,
 * read-only and the body cap like for any other route, and `send` does the rest. The path
 * parameters and the query are checked before any body is read.
 */
export function createCodatRoutes(send: SendToCodat): ConsoleRoute[] {
  return ALLOWED.map((allowed) => {
    const isRefresh = allowed.method === 'POST'
    return {
      name: allowed.operation,
      methods: [allowed.method],
      path: pathPattern(allowed.path),
      signIn: 'required',
      isStateChanging: isRefresh,
      ...(isRefresh ? { role: 'operator', refusedWhenReadOnly: true, action: 'refresh data' } : {}),
      body: { maxBytes: BODY_LIMIT },
      admit: (context) => checkedCall(allowed, context) !== undefined,
      async handle(context) {
        const call = checkedCall(allowed, context)
        if (call) await send(context, call)
      },
    } satisfies ConsoleRoute
  })
}

/**
 * What a request under /api that no route took is told: 400 for a path that could change
 * meaning on the way to Codat (dot segments, any percent-encoding, `//`, backslashes, `@`, `:`),
 * which Codat's paths never need, and 404 for a clean one that is simply not on the list.
 */
export function refuseUnlistedApiPath(res: RouteContext['res'], path: string, id: string): void {
  const rest = path.slice('/api'.length)
  if (rest !== '' && !new RegExp(`^(?:/${SEGMENT})+$`).test(rest)) {
    return sendError(res, 400, 'Malformed API path', id)
  }
  sendError(res, 404, rest === '' ? 'No such API path' : `No such API path: ${rest}`, id)
}

function pathPattern(path: string): RegExp {
  const source = path.replace(/\{(\w+)\}/g, (_whole, name: string) => `(?<${name}>${SEGMENT})`)
  return new RegExp(`^/api${source}$`)
}

/** The call for a request, or undefined once the request has been refused with 400. */
function checkedCall(allowed: AllowedCall, context: RouteContext): CodatCall | undefined {
  const checked = checkCall(allowed, context)
  if (typeof checked !== 'string') return checked
  sendError(context.res, 400, checked, context.correlationId)
  return undefined
}

/** The call, or why it is refused. */
function checkCall(allowed: AllowedCall, { req, params }: RouteContext): CodatCall | string {
  const url = req.url ?? '/'
  if (url.length > URL_LIMIT) return 'Request URL too long'
  const queryStart = url.indexOf('?')
  const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1)
  if (/[\s#\\]/.test(rawQuery) || hasControlCharacters(rawQuery)) return 'Malformed query string'

  for (const [name, value] of Object.entries(params)) {
    const rule = PARAM_RULES[name as ParamName]
    if (!rule.test(value)) return rule.refusal.replace('%s', value.slice(0, 64))
  }

  const query = new URLSearchParams(rawQuery)
  const kept = new Map<QueryName, string>()
  for (const [name, value] of query) {
    if (!allowed.query.includes(name as QueryName))
      return `Query parameter "${name}" is not allowed here`
    if (query.getAll(name).length > 1) return `Query parameter "${name}" is given more than once`
    if (value === '') continue
    if (!QUERY_RULES[name as QueryName](value))
      return `Query parameter "${name}" has an invalid value`
    kept.set(name as QueryName, value)
  }

  const path = allowed.path.replace(/\{(\w+)\}/g, (_whole, name: string) => params[name] ?? '')
  const upstreamQuery = [...kept]
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  const connectionId = kept.get('connectionId')
  return {
    operation: allowed.operation,
    isRefresh: allowed.method === 'POST',
    upstreamPath: path + (upstreamQuery ? `?${upstreamQuery}` : ''),
    ...(params.companyId ? { companyId: params.companyId } : {}),
    ...(params.dataType ? { dataType: params.dataType } : {}),
    ...(connectionId ? { connectionId } : {}),
  }
}

function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}
