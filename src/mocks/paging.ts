// Codat's paging: `page`/`pageSize` checks and the envelope with relative HAL `_links`.

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 5000

export interface PageRequest {
  page: number
  pageSize: number
  query?: string
  orderBy?: string
}

export interface HalLink {
  href: string
}

export interface Page<T> {
  results: T[]
  pageNumber: number
  pageSize: number
  totalResults: number
  _links: { self: HalLink; current: HalLink; next?: HalLink; previous?: HalLink }
}

const whole = (raw: string | null, fallback: number): number =>
  raw === null || raw === '' ? fallback : /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN

/** Reads paging and filter parameters; returns Codat's error text when they are out of range. */
export function readPageRequest(params: URLSearchParams): PageRequest | string {
  const page = whole(params.get('page'), 1)
  const pageSize = whole(params.get('pageSize'), DEFAULT_PAGE_SIZE)
  if (!Number.isInteger(page) || page < 1) return 'Page must be a whole number of at least 1.'
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return `Page size must be between 1 and ${MAX_PAGE_SIZE}.`
  }
  const query = params.get('query') ?? undefined
  const orderBy = params.get('orderBy') ?? undefined
  return {
    page,
    pageSize,
    ...(query && { query }),
    ...(orderBy && { orderBy }),
  }
}

function href(path: string, request: PageRequest, page: number): HalLink {
  let search = `?page=${page}&pageSize=${request.pageSize}`
  if (request.query) search += `&query=${encodeURIComponent(request.query)}`
  if (request.orderBy) search += `&orderBy=${encodeURIComponent(request.orderBy)}`
  return { href: `${path}${search}` }
}

/**
 * One page of already filtered and sorted items. Links are relative to Codat's host and carry
 * no base path, exactly as Codat writes them: clients behind a proxy must rebase them.
 */
export function pageOf<T>(items: readonly T[], request: PageRequest, path: string): Page<T> {
  const { page, pageSize } = request
  const start = (page - 1) * pageSize
  const links: Page<T>['_links'] = { self: { href: path }, current: href(path, request, page) }
  if (start + pageSize < items.length) links.next = href(path, request, page + 1)
  if (page > 1) links.previous = href(path, request, page - 1)
  return {
    results: items.slice(start, start + pageSize),
    pageNumber: page,
    pageSize,
    totalResults: items.length,
    _links: links,
  }
}
