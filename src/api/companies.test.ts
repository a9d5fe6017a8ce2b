import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { server, world } from '../mocks/node.ts'
import { SEED } from '../mocks/seed.ts'
import { getCompany, listAllConnections } from './companies.ts'

const CONNECTIONS = '/api/companies/:companyId/connections'

function connection(index: number) {
  return {
    id: `51baa045-4836-4317-a42e-3542e991e5${String(index).padStart(2, '0')}`,
    integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
    sourceId: 'bdd831ce-eebd-4896-89a7-20e5ee8989ee',
    platformName: `Platform ${index}`,
    linkUrl: 'https://link-api.codat.io/companies/x/connections/y/start',
    status: 'Linked',
    created: '2022-10-27T09:53:29Z',
    sourceType: 'Banking',
  }
}

/** Codat answering `perPage` connections at a time, whatever page size was asked for. */
function pagedConnections(total: number, perPage: number) {
  const pages: number[] = []
  server.use(
    http.get(CONNECTIONS, ({ request }) => {
      const page = Number(new URL(request.url).searchParams.get('page'))
      pages.push(page)
      const all = Array.from({ length: total }, (_, i) => connection(i))
      return HttpResponse.json({
        results: all.slice((page - 1) * perPage, page * perPage),
        pageNumber: page,
        pageSize: perPage,
        totalResults: total,
        _links: { self: { href: '/x' }, current: { href: '/x' } },
      })
    }),
  )
  return pages
}

describe('listAllConnections', () => {
  it('reads every page, even when Codat answers with fewer per page than asked', async () => {
    const pages = pagedConnections(5, 2)
    const connections = await listAllConnections(SEED.healthy.id)
    expect(connections.map((c) => c.platformName)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `Platform ${i}`),
    )
    expect(pages).toEqual([1, 2, 3])
  })

  it('stops at an empty page rather than asking forever', async () => {
    const pages = pagedConnections(0, 2)
    expect(await listAllConnections(SEED.healthy.id)).toEqual([])
    expect(pages).toEqual([1])
  })

  it('finds the connections when the company answer leaves dataConnections out', async () => {
    world.setOptions({ omitDataConnections: true })
    const company = await getCompany(SEED.multiConnection.id)
    expect(company.dataConnections).toBeUndefined()
    const connections = await listAllConnections(SEED.multiConnection.id)
    expect(connections.map((c) => [c.sourceType, c.status])).toEqual([
      ['Accounting', 'Linked'],
      ['Banking', 'Linked'],
      ['Commerce', 'PendingAuth'],
    ])
  })
})
