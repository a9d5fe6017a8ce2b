// The allowlist: which /api requests map to which Codat operation, and the upstream path built from them.
export type Operation =
  | 'list-companies'
  | 'get-company'
  | 'list-connections'
  | 'get-data-status'
  | 'refresh-company-data'
  | 'refresh-data-type'
  | 'list-pull-operations'
  | 'get-pull-operation'

export interface RouteMatch {
  kind: 'match'
  operation: Operation
  isRefresh: boolean
  /** Path and query for Codat, built only from validated parts; append to CODAT_BASE_URL's path. */
  upstreamPath: string
  companyId?: string
  dataType?: string
  connectionId?: string
}

export interface RouteReject {
  kind: 'reject'
  status: 400 | 404 | 405
  error: string
  allow?: string
}

type QueryName = 'page' | 'pageSize' | 'query' | 'orderBy' | 'tags' | 'connectionId'

interface Route {
  operation: Operation
  method: 'GET' | 'POST'
  pattern: RegExp
  query: readonly QueryName[]
}

const UUID = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'
// Codat's DataType enum has 43 members, all matching this; PullOperation.dataType is a free string.
const DATA_TYPE = '([A-Za-z][A-Za-z0-9-]{0,63})'
const LIST: readonly QueryName[] = ['page', 'pageSize', 'query', 'orderBy']
const COMPANY = `/companies/${UUID}`

const ROUTES: readonly Route[] = [
  {
    operation: 'list-companies',
    method: 'GET',
    pattern: /^\/companies$/,
    query: [...LIST, 'tags'],
  },
  { operation: 'get-company', method: 'GET', pattern: re(COMPANY), query: [] },
  {
    operation: 'list-connections',
    method: 'GET',
    pattern: re(`${COMPANY}/connections`),
    query: LIST,
  },
  { operation: 'get-data-status', method: 'GET', pattern: re(`${COMPANY}/dataStatus`), query: [] },
  {
    operation: 'refresh-company-data',
    method: 'POST',
    pattern: re(`${COMPANY}/data/all`),
    query: [],
  },
  {
    operation: 'refresh-data-type',
    method: 'POST',
    pattern: re(`${COMPANY}/data/queue/${DATA_TYPE}`),
    query: ['connectionId'],
  },
  {
    operation: 'list-pull-operations',
    method: 'GET',
    pattern: re(`${COMPANY}/data/history`),
    query: LIST,
  },
  {
    operation: 'get-pull-operation',
    method: 'GET',
    pattern: re(`${COMPANY}/data/history/${UUID}`),
    query: [],
  },
]

const QUERY_RULES: Record<QueryName, (value: string) => boolean> = {
  page: (value) => /^[1-9]\d{0,8}$/.test(value),
  pageSize: (value) => /^[1-9]\d{0,3}$/.test(value) && Number(value) <= 5000,
  query: (value) => value.length <= 2048 && !hasControlCharacters(value),
  orderBy: (value) => /^-?[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(value),
  tags: (value) => value.length <= 2048 && !hasControlCharacters(value),
  connectionId: (value) => new RegExp(`^${UUID}$`).test(value),
}

function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

function re(path: string): RegExp {
  return new RegExp(`^${path}$`)
}

const reject = (status: RouteReject['status'], error: string, allow?: string): RouteReject => ({
  kind: 'reject',
  status,
  error,
  ...(allow ? { allow } : {}),
})

/**
 * `url` is the raw request target, starting with `/api/`. Anything that could change meaning on
 * the way to Codat (dot segments, any percent-encoding, `//`, backslashes, `@`, `:`) is refused
 * before matching: Codat's paths never need them.
 */
export function matchApiRoute(method: string, url: string): RouteMatch | RouteReject {
  if (url.length > 4096) return reject(400, 'Request URL too long')
  const queryStart = url.indexOf('?')
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart)
  const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1)
  if (!rawPath.startsWith('/api/')) return reject(404, 'No such API path')
  const path = rawPath.slice('/api'.length)
  if (!/^(?:\/[A-Za-z0-9_-]+)+$/.test(path)) return reject(400, 'Malformed API path')
  if (/[\s#\\]/.test(rawQuery) || hasControlCharacters(rawQuery))
    return reject(400, 'Malformed query string')

  const candidates = ROUTES.filter((route) => route.pattern.test(path))
  if (candidates.length === 0) return reject(404, `No such API path: ${path}`)
  const route = candidates.find((candidate) => candidate.method === method)
  if (!route) {
    const allow = [...new Set(candidates.map((candidate) => candidate.method))].join(', ')
    return reject(405, `Method ${method} is not allowed here`, allow)
  }

  const params = new URLSearchParams(rawQuery)
  const kept = new Map<QueryName, string>()
  for (const [name, value] of params) {
    if (!route.query.includes(name as QueryName))
      return reject(400, `Query parameter "${name}" is not allowed here`)
    if (kept.has(name as QueryName) || params.getAll(name).length > 1)
      return reject(400, `Query parameter "${name}" is given more than once`)
    if (value === '') continue
    if (!QUERY_RULES[name as QueryName](value))
      return reject(400, `Query parameter "${name}" has an invalid value`)
    kept.set(name as QueryName, value)
  }

  const groups = route.pattern.exec(path)?.slice(1) ?? []
  const [companyId, second] = groups
  const upstreamQuery = [...kept]
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  return {
    kind: 'match',
    operation: route.operation,
    isRefresh: route.method === 'POST',
    upstreamPath:
      rebuildPath(route.operation, companyId, second) + (upstreamQuery ? `?${upstreamQuery}` : ''),
    ...(companyId ? { companyId } : {}),
    ...(route.operation === 'refresh-data-type' && second ? { dataType: second } : {}),
    ...(kept.has('connectionId') ? { connectionId: kept.get('connectionId') } : {}),
  }
}

function rebuildPath(operation: Operation, companyId = '', second = ''): string {
  const company = `/companies/${companyId}`
  switch (operation) {
    case 'list-companies':
      return '/companies'
    case 'get-company':
      return company
    case 'list-connections':
      return `${company}/connections`
    case 'get-data-status':
      return `${company}/dataStatus`
    case 'refresh-company-data':
      return `${company}/data/all`
    case 'refresh-data-type':
      return `${company}/data/queue/${second}`
    case 'list-pull-operations':
      return `${company}/data/history`
    case 'get-pull-operation':
      return `${company}/data/history/${second}`
  }
}
