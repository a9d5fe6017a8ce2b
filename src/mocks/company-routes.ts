// Companies and connections: list (search, order, page), get one, and a company's connections.
import { HttpResponse } from 'msw'
import { codatError, type CodatService } from './codat-responses.ts'
import type { Route, RouteContext } from './route.ts'
import { pageOf, readPageRequest } from './paging.ts'
import { compileOrderBy, compileQuery, QueryError, type Fields } from './query-language.ts'
import { isUuid } from '../lib/uuid.ts'
import { formatCodatDate } from './codat-dates.ts'
import type { ConnectionJson, SimCompany } from './sim-model.ts'
import type { SimWorld } from './world.ts'

/**
 * Company fields read straight from the simulation's model, so a fleet of thousands is searched
 * and ordered without rendering every company; `lastSync` is worked out only when asked for.
 */
const companyFields = (world: SimWorld): Fields<SimCompany> => ({
  id: (c) => c.id,
  name: (c) => c.name,
  description: (c) => c.description ?? '',
  created: (c) => formatCodatDate(c.createdAt),
  lastSync: (c) => world.companyJson(c).lastSync ?? undefined,
})

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

/** Filters, orders and pages a list the way every Codat list endpoint does. */
export function listResponse<T>(
  { url }: RouteContext,
  items: readonly T[],
  fields: Fields<T>,
  entity: string,
  service: CodatService,
  defaultOrder?: (a: T, b: T) => number,
  /** Renders the page's items as JSON; only the page's, however long the list. */
  present: (item: T) => unknown = (item) => item,
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
    const page = pageOf(matches, request, url.pathname.slice(url.pathname.indexOf('/companies')))
    return HttpResponse.json({ ...page, results: page.results.map(present) })
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
        listResponse(
          context,
          context.world.companies(),
          companyFields(context.world),
          'Company',
          'PublicApi',
          undefined,
          (company) => context.world.companyJson(company),
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
