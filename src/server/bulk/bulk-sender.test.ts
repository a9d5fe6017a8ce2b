// @vitest-environment node
// The bulk sender on its own: people's own calls to Codat go first.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { SEED } from '../../mocks/seed.ts'
import { createRateGate } from '../fleet/rate-gate.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { migrate } from '../store/migrate.ts'
import { draftOf } from '../testing/bulk-store-contract.ts'
import { allowLoopback } from '../testing/test-harness.ts'
import { until } from '../testing/test-fleet-service.ts'
import { createBulkSender } from './bulk-sender.ts'
import { createBulkStore } from './bulk-store.ts'

let sim: SimServer
let db: Database

beforeAll(async () => {
  allowLoopback(server)
  sim = await startSimServer({ port: 0 })
  db = await openDatabase({ memory: true })
  await migrate(db)
}, 90_000)
beforeEach(() => allowLoopback(server))
afterAll(async () => {
  await db.close()
  await sim.close()
})

describe('the bulk sender', () => {
  it('waits while a person has a call with Codat in this process, then sends', async () => {
    const store = createBulkStore(db)
    const draft = await store.createDraft(
      draftOf({
        targets: [
          {
            companyId: SEED.healthy.id,
            companyName: SEED.healthy.name,
            dataType: null,
            connectionId: null,
            connectionLabel: 'Xero',
          },
        ],
        skips: [],
      }),
    )
    await store.start(draft.id)
    let peopleCalling = 1
    const refreshed: string[] = []
    const gate = createRateGate({ concurrency: 2, perMinute: 600, quotaReserve: 0.2 })
    const sender = createBulkSender({
      store,
      gate,
      codat: {
        baseUrl: new URL(sim.url),
        authHeader: `Basic ${Buffer.from('test-key').toString('base64')}`,
        timeoutMs: 5000,
      },
      concurrency: 2,
      log: () => undefined,
      companyRefreshed: (id) => refreshed.push(id),
      loadCompanies: () => Promise.resolve(new Map()),
      peopleCalling: () => peopleCalling,
      alertsUrl: null,
      checkMs: 50,
    })
    try {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const posts = () => sim.requests().filter((r) => r.method === 'POST').length
      expect(posts()).toBe(0)
      peopleCalling = 0
      await until(() => posts() === 1, 10_000)
      await until(async () => (await store.job(draft.id))?.counts.running === 1, 10_000)
      expect(refreshed).toEqual([SEED.healthy.id])
    } finally {
      await sender.stop()
      gate.close()
    }
  })
})
