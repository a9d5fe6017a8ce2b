// Companies and connections: list (search, order, page), get one, and a company's connections.
import { HttpResponse } from 'msw'
import { codatError, type CodatService } from './codat-responses'
import type { Route, RouteContext } from './handlers'
import { pageOf, readPageRequest } from './paging'
import { compileOrderBy, compileQuery, QueryError, type Fields } from './query-language'
import { isUuid } from '../lib/uuid'
import type { CompanyJson, ConnectionJson, SimCompany } from './sim-model'

const COMPANY_FIELDS: Fields<CompanyJson> = {
  id: (c) => c.id,
  name: (c) => c.name,
  description: (c) => c.description,
  created: (c) => c.created,
  lastSync: (c) => c.lastSync ?? undefined,
}

const CONNECTION_FIELDS: Fields<ConnectionJson> = {
  id: (c) => c.id,
  status: (c) => c.status,
  sourceType: (c) => c.sourceType,
  platformName: (c) => c.platformName,
  integrationKey: (c) => c.integrationKey,
  created: (c) => c.created,
}

/** The company named in the path, or Codat's 404 (a malformed id cannot name one either). */
export function findCompany(
  { params, world }: RouteContext,
  service: CodatService = 'PublicApi',
): SimCompany | Response {
  const id = params.companyId ?? ''
  const company = isUuid(id) ? world.company(id) : undefined
  return (
    company ?? codatError(404, service, `Company not found: no company with id '${id}' exists.`)
  )
}

/**
 * A page of companies without a query or order: only that page is rendered, so paging through
 * a fleet of thousands stays cheap.
 */
function plainPage(context: RouteContext): Response | undefined {
  const request = readPageRequest(context.url.searchParams)
  if (typeof request === 'string' || request.query || request.orderBy) return undefined
  const { world, url } = context
  const page = pageOf(
    world.companies(),
    request,
    url.pathname.slice(url.pathname.indexOf('/companies')),
  )
  return HttpResponse.json({ ...page, results: page.results.map((c) => world.companyJson(c)) })
}

/** Filters, orders and pages a list the way every Codat list endpoint does. */
export function listResponse<T>(
  { url }: RouteContext,
  items: readonly T[],
  fields: Fields<T>,
  entity: string,
  service: CodatService,
  defaultOrder?: (a: T, b: T) => number,
): Response {
  const request = readPageRequest(url.searchParams)
  if (typeof request === 'string') return codatError(400, service, request)
  try {
    const matches = request.query
      ? items.filter(compileQuery(request.query, fields, entity))
      : [...items]
    const order = request.orderBy ? compileOrderBy(request.orderBy, fields, entity) : undefined
    if (order || defaultOrder) {
      matches.sort((a, b) => (order ? order(a, b) : 0) || (defaultOrder ? defaultOrder(a, b) : 0))
    }
    return HttpResponse.json(
      pageOf(matches, request, url.pathname.slice(url.pathname.indexOf('/companies'))),
    )
  } catch (error) {
    if (error instanceof QueryError) return codatError(400, service, error.message)
    throw error
  }
}

export function companyRoutes(): Route[] {
  return [
    {
      method: 'get',
      path: '/companies',
      resolve: (context) =>
        plainPage(context) ??
        listResponse(
          context,
          context.world.companies().map((company) => context.world.companyJson(company)),
          COMPANY_FIELDS,
          'Company',
          'PublicApi',
        ),
    },
    {
      method: 'get',
      path: '/companies/:companyId',
      resolve: (context) => {
        const company = findCompany(context)
        return company instanceof Response
          ? company
          : HttpResponse.json(context.world.companyJson(company))
      },
    },
    {
      method: 'get',
      path: '/companies/:companyId/connections',
      resolve: (context) => {
        const company = findCompany(context)
        if (company instanceof Response) return company
        const connections = context.world.connectionsJson(company)
        return listResponse(context, connections, CONNECTION_FIELDS, 'DataConnection', 'PublicApi')
      },
    },
  ]
}
