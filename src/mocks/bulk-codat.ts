// One bulk item's request as the simulated Codat answers it: faults first, then the world's
// queue or refresh-all, in Codat's status codes and error bodies.
import type { BulkAnswer } from '../lib/bulk-refresh.ts'
import type { SimItem } from './bulk-draft.ts'
import { errorBody } from './codat-responses.ts'
import type { SimWorld } from './world.ts'

/** What the simulated Codat answers this item's request, faults included. */
export function codatAnswer(world: SimWorld, item: SimItem): BulkAnswer {
  const path =
    item.dataType === null
      ? `/companies/${item.companyId}/data/all`
      : `/companies/${item.companyId}/data/queue/${item.dataType}`
  world.countRequest()
  const error = (status: number, words: string): BulkAnswer => ({
    kind: 'answer',
    status,
    body: errorBody(status, 'PullApi', words),
  })
  const fault = world.takeFault(path)
  if (fault?.mode === 'rate-limit') return error(429, 'Too many requests; please retry later.')
  if (fault?.mode === 'server-error')
    return error(500, 'An unexpected error occurred. Please try again later.')
  if (fault?.mode === 'unavailable') return error(503, 'The service is temporarily unavailable.')
  const company = world.company(item.companyId)
  if (!company) return error(404, `Company not found: '${item.companyId}'.`)
  if (item.dataType === null) {
    world.refreshAll(company)
    return { kind: 'answer', status: 204, body: null }
  }
  const result = world.queue(company, item.dataType, item.connectionId ?? undefined)
  switch (result.kind) {
    case 'queued':
      return { kind: 'answer', status: 200, body: result.operation }
    case 'in-progress':
      return error(
        400,
        `DatasetAlreadyInProgressException: Cannot queue ${item.dataType} sync for ${company.id} as previous sync ${result.runningId} is still in progress`,
      )
    case 'unknown-connection':
      return error(404, `Data connection not found: '${item.connectionId ?? ''}'.`)
    case 'no-connection':
      return error(404, `Company ${company.id} has no data connections.`)
  }
}
