// Bulk refresh figures: a job over N simulated companies (all data each) sent through the rate gate, its run time against estimateBulk's ideal.
import { estimateBulk, type BulkTarget } from '../src/lib/bulk-refresh.ts'
import { startSimServer } from '../src/mocks/http.ts'
import { generatedCountFor } from '../src/mocks/seed.ts'
import { createWorld } from '../src/mocks/world.ts'
import { createBulkSender } from '../src/server/bulk/bulk-sender.ts'
import { createBulkStore } from '../src/server/bulk/bulk-store.ts'
import { createRateGate } from '../src/server/fleet/rate-gate.ts'
import { openDatabase } from '../src/server/store/database.ts'
import { migrate } from '../src/server/store/migrate.ts'

export interface BulkFigures {
  companies: number
  requests: number
  perMinute: number
  concurrency: number
  /** From the start until Codat had answered every item. */
  wallSeconds: number
  /** estimateBulk(...).seconds at the same limits: what the dry run tells the operator. */
  estimateSeconds: number
  /** The most requests the simulation had in flight at once. */
  peakInFlight: number
}

export async function measureBulk(
  companies: number,
  perMinute: number,
  concurrency = 4,
): Promise<BulkFigures> {
  const sim = await startSimServer({
    port: 0,
    world: createWorld({ generatedCompanies: generatedCountFor(companies) }),
    latencyMs: 5,
    limits: {},
  })
  const db = await openDatabase({ memory: true })
  try {
    await migrate(db)
    const store = createBulkStore(db)
    const targets: BulkTarget[] = sim.world.companies().map((company) => ({
      companyId: company.id,
      companyName: company.name,
      dataType: null,
      connectionId: null,
      connectionLabel: 'all linked connections',
    }))
    const limits = { perMinute, quotaReserve: 0 }
    const estimate = estimateBulk(targets.length, limits, null)
    const draft = await store.createDraft({
      scope: 'all',
      selection: 'every company',
      companies: targets.length,
      createdBy: 'bench',
      plan: { targets, skips: [] },
      summary: {
        skippedBy: {},
        byConnection: [],
        estimate: { ...estimate, quota: null, perMinute },
      },
    })
    const gate = createRateGate({ concurrency, perMinute, quotaReserve: 0 })
    const started = performance.now()
    await store.start(draft.id)
    const sender = createBulkSender({
      store,
      gate,
      codat: {
        baseUrl: new URL(sim.url),
        authHeader: `Basic ${Buffer.from('bench-key').toString('base64')}`,
        timeoutMs: 10_000,
      },
      concurrency,
      log: () => undefined,
      companyRefreshed: () => undefined,
      loadCompanies: () => Promise.resolve(new Map()),
      alertsUrl: null,
      checkMs: 100,
    })
    for (;;) {
      const job = await store.job(draft.id)
      if (job && job.counts.queued + job.counts.sending === 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const wallSeconds = (performance.now() - started) / 1000
    await sender.stop()
    gate.close()
    return {
      companies: targets.length,
      requests: targets.length,
      perMinute,
      concurrency,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      estimateSeconds: estimate.seconds,
      peakInFlight: sim.limits?.stats().peakInFlight ?? 0,
    }
  } finally {
    await db.close()
    await sim.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureBulk(
    Number(process.env.BENCH_BULK_COMPANIES ?? 1000),
    Number(process.env.BENCH_BULK_PER_MINUTE ?? 600),
  )
  console.log(JSON.stringify(figures, null, 2))
}
