import { describe, expect, it } from 'vitest'
import { server, world } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { exportHistory, type ExportProgress } from './history-export.ts'

const BIG = SEED.bigHistory

/** Counts history requests in flight at once, from msw's own events. */
function watchConcurrency() {
  let inFlight = 0
  let most = 0
  const start = ({ request }: { request: Request }) => {
    if (!request.url.includes('/data/history')) return
    inFlight++
    most = Math.max(most, inFlight)
  }
  const end = ({ request }: { request: Request }) => {
    if (request.url.includes('/data/history')) inFlight--
  }
  server.events.on('request:start', start)
  server.events.on('response:mocked', end)
  return {
    most: () => most,
    stop: () => {
      server.events.removeListener('request:start', start)
      server.events.removeListener('response:mocked', end)
    },
  }
}

describe('exportHistory', () => {
  it('reads every page of the view, two requests at a time at most', async () => {
    const watch = watchConcurrency()
    const progress: ExportProgress[] = []
    const result = await exportHistory({
      companyId: BIG.id,
      orderBy: '-requested',
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    })
    watch.stop()
    expect(result.operations).toHaveLength(BIG.historySize)
    expect(new Set(result.operations.map((op) => op.id)).size).toBe(BIG.historySize)
    expect(result.isTruncated).toBe(false)
    expect(result.requests).toBe(Math.ceil(BIG.historySize / 1000))
    expect(watch.most()).toBeLessThanOrEqual(2)
    expect(watch.most()).toBe(2)
    // Newest first, as the view asked.
    const times = result.operations.map((op) => op.requested.epochMs)
    expect(times).toEqual([...times].sort((a, b) => b - a))
    const done = progress.map((p) => p.done)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(progress.at(-1)).toEqual({ done: BIG.historySize, total: BIG.historySize })
  })

  it('stops at the cap and says the view holds more', async () => {
    const result = await exportHistory({
      companyId: BIG.id,
      cap: 2500,
      signal: new AbortController().signal,
    })
    expect(result.operations).toHaveLength(2500)
    expect(result.totalResults).toBe(BIG.historySize)
    expect(result.isTruncated).toBe(true)
  })

  it('keeps the filters of the view', async () => {
    const result = await exportHistory({
      companyId: BIG.id,
      query: 'dataType=invoices',
      signal: new AbortController().signal,
    })
    expect(result.operations.length).toBeGreaterThan(0)
    expect(result.operations.every((op) => op.dataType === 'invoices')).toBe(true)
    expect(result.operations.length).toBe(result.totalResults)
  })

  it('waits as long as Retry-After says, then carries on', async () => {
    world.setFault({ mode: 'rate-limit', retryAfterSeconds: 1, remaining: 2 })
    const progress: ExportProgress[] = []
    const startedAt = Date.now()
    const result = await exportHistory({
      companyId: BIG.id,
      cap: 3000,
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    })
    expect(result.operations).toHaveLength(3000)
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000)
    expect(progress.some((p) => p.waitingUntil !== undefined)).toBe(true)
  })

  it('stops when cancelled and sends nothing more', async () => {
    const abort = new AbortController()
    const watch = watchConcurrency()
    let requests = 0
    const count = ({ request }: { request: Request }) => {
      if (request.url.includes('/data/history')) requests++
    }
    server.events.on('request:start', count)
    const run = exportHistory({
      companyId: BIG.id,
      pageSize: 500,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.done >= 1000) abort.abort()
      },
    })
    await expect(run).rejects.toThrow()
    const sent = requests
    await new Promise((resolve) => setTimeout(resolve, 200))
    server.events.removeListener('request:start', count)
    watch.stop()
    expect(requests).toBe(sent)
    expect(sent).toBeLessThan(BIG.historySize / 500)
  })
})
