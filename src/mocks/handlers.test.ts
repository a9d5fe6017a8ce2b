// The handlers as a client sees them: companies, refreshes, paging, links, errors and headers.
import { describe, expect, it } from 'vitest'
import type { PullOperation } from './operation-lifecycle.ts'
import { OTHER_COMPANY_IDS } from './seed-cast.ts'
import { SEED } from './seed.ts'
import { getJson, type PageJson } from './sim-test-fetch.ts'

interface NamedJson {
  id: string
  name: string
}

const history = (companyId: string, search = '') => `/companies/${companyId}/data/history${search}`

describe('companies', () => {
  it('lists a dozen companies in one default page with Codat links', async () => {
    const { status, body } = await getJson<PageJson<NamedJson>>('/companies')
    expect(status).toBe(200)
    expect(body).toMatchObject({ pageNumber: 1, pageSize: 100, totalResults: 13 })
    expect(body._links).toEqual({
      self: { href: '/companies' },
      current: { href: '/companies?page=1&pageSize=100' },
    })
  })

  it('pages with next and previous links that carry the query', async () => {
    const { body } = await getJson<PageJson<NamedJson>>('/companies?page=2&pageSize=5&query=name~A')
    expect(body.results).toHaveLength(5)
    expect(body._links).toEqual({
      self: { href: '/companies' },
      current: { href: '/companies?page=2&pageSize=5&query=name~A' },
      next: { href: '/companies?page=3&pageSize=5&query=name~A' },
      previous: { href: '/companies?page=1&pageSize=5&query=name~A' },
    })
  })

  it('searches by name and id and orders by name', async () => {
    const byName = await getJson<PageJson<NamedJson>>(
      `/companies?query=${encodeURIComponent('name~BAKERY')}`,
    )
    expect(byName.body.results.map((c) => c.id)).toEqual([SEED.healthy.id])
    const exact = await getJson<PageJson<NamedJson>>(
      `/companies?query=${encodeURIComponent(`name=${SEED.failing.name}`)}`,
    )
    expect(exact.body.totalResults).toBe(1)
    const notOne = await getJson<PageJson<NamedJson>>(`/companies?query=id!=${SEED.healthy.id}`)
    expect(notOne.body.totalResults).toBe(12)
    const ordered = await getJson<PageJson<NamedJson>>('/companies?orderBy=-name&pageSize=3')
    expect(ordered.body.results.map((c) => c.name)).toEqual([
      'Silver Birch Yoga Studio',
      'Quayside Marine Supplies',
      'Pemberton Bakery Ltd',
    ])
  })

  it('answers 404 with Codat’s body for unknown and malformed company ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const { status, body } = await getJson(`/companies/${id}`)
      expect(status).toBe(404)
      expect(body).toMatchObject({
        statusCode: 404,
        validation: null,
        canBeRetried: 'Unknown',
        detailedErrorCode: 0,
      })
    }
  })

  it('lists a company’s connections, PendingAuth included', async () => {
    const { body } = await getJson<PageJson<{ status: string; sourceType: string }>>(
      `/companies/${SEED.multiConnection.id}/connections`,
    )
    expect(body.results.map((c) => [c.sourceType, c.status])).toEqual([
      ['Accounting', 'Linked'],
      ['Banking', 'Linked'],
      ['Commerce', 'PendingAuth'],
    ])
  })
})

describe('refreshing', () => {
  it('answers refresh-all with 204 and no body, then shows the queued types', async () => {
    const response = await fetch(`/api/companies/${SEED.healthy.id}/data/all`, { method: 'POST' })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    const status = await getJson<Record<string, { currentStatus?: string }>>(
      `/companies/${SEED.healthy.id}/dataStatus`,
    )
    expect(status.body.invoices?.currentStatus).toBe('Queued')
  })

  it('refuses a type already in progress with DatasetAlreadyInProgressException', async () => {
    const path = `/companies/${SEED.healthy.id}/data/queue/invoices`
    const first = await getJson<PullOperation>(path, { method: 'POST' })
    expect(first.status).toBe(200)
    const second = await getJson<{ error: string; service: string }>(path, { method: 'POST' })
    expect(second.status).toBe(400)
    expect(second.body.error).toBe(
      `DatasetAlreadyInProgressException: Cannot queue invoices sync for ${SEED.healthy.id} as previous sync ${first.body.id} is still in progress`,
    )
  })

  it('queues on the named connection, 404s an unknown one and 400s an unknown type', async () => {
    const base = `/companies/${SEED.multiConnection.id}/data/queue`
    const ok = await getJson<PullOperation>(
      `${base}/banking-accounts?connectionId=${SEED.multiConnection.bankingConnectionId}`,
      { method: 'POST' },
    )
    expect(ok.body.connectionId).toBe(SEED.multiConnection.bankingConnectionId)
    const unknown = await getJson(`${base}/invoices?connectionId=${SEED.healthy.connectionId}`, {
      method: 'POST',
    })
    expect(unknown.status).toBe(404)
    expect((await getJson(`${base}/invoicez`, { method: 'POST' })).status).toBe(400)
  })

  it('gets one pull operation, and 404s one of another company', async () => {
    const { body } = await getJson<PageJson<PullOperation>>(history(SEED.healthy.id, '?pageSize=1'))
    const id = body.results[0]?.id ?? ''
    expect((await getJson<PullOperation>(`${history(SEED.healthy.id)}/${id}`)).body.id).toBe(id)
    expect((await getJson(`${history(SEED.failing.id)}/${id}`)).status).toBe(404)
  })
})

describe('history paging', () => {
  it('pages thousands of rows newest first, with totalResults and links', async () => {
    const { body } = await getJson<PageJson<PullOperation>>(
      history(SEED.bigHistory.id, '?page=3&pageSize=50'),
    )
    expect(body.totalResults).toBe(SEED.bigHistory.historySize)
    expect(body.results).toHaveLength(50)
    const requested = body.results.map((op) => op.requested)
    expect(requested).toEqual([...requested].sort().reverse())
    expect(body._links.next?.href).toBe(
      `/companies/${SEED.bigHistory.id}/data/history?page=4&pageSize=50`,
    )
    expect(body._links.previous?.href).toBe(
      `/companies/${SEED.bigHistory.id}/data/history?page=2&pageSize=50`,
    )
    const last = await getJson<PageJson<PullOperation>>(
      history(SEED.bigHistory.id, '?page=2&pageSize=5000'),
    )
    expect(last.body.results).toHaveLength(1500)
    expect(last.body._links.next).toBeUndefined()
  })

  it('rejects page and pageSize out of range with 400', async () => {
    for (const search of ['?page=0', '?pageSize=0', '?pageSize=5001', '?page=two']) {
      const { status, body } = await getJson<{ service: string }>(history(SEED.healthy.id, search))
      expect([search, status, body.service]).toEqual([search, 400, 'PullApi'])
    }
  })
})

describe('every response', () => {
  it('carries the X-Rate-Limit headers, on errors and 204s too', async () => {
    const replies = await Promise.all([
      fetch('/api/companies'),
      fetch(`/api/companies/${OTHER_COMPANY_IDS.quaysideMarine}/data/all`, { method: 'POST' }),
      fetch('/api/companies/nope'),
      fetch('/api/no-such-path'),
    ])
    for (const reply of replies) {
      expect(Number(reply.headers.get('X-Rate-Limit-Limit'))).toBeGreaterThan(0)
      expect(reply.headers.get('X-Rate-Limit-Remaining')).toMatch(/^\d+$/)
      expect(reply.headers.get('X-Rate-Limit-Reset')).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.\d{7}Z$/)
    }
    expect(replies.map((r) => r.status)).toEqual([200, 204, 404, 404])
  })
})
