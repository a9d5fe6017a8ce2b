// Test-only: a scanner over the loopback simulation, with an in-memory embedded store.
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import type { SimLimitOptions } from '../../mocks/sim-limits.ts'
import { buildScenario } from '../../mocks/seed.ts'
import { createWorld, type SimWorld } from '../../mocks/world.ts'
import { openDatabase } from '../store/database.ts'
import { createFleetStore, type FleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { createCodatReader, type CodatReader } from '../fleet/codat-reader.ts'
import { createScanner, type Scanner } from '../fleet/fleet-scanner.ts'
import { createRateGate, type RateGate, type RateGateOptions } from '../fleet/rate-gate.ts'

export interface FleetRig {
  sim: SimServer
  store: FleetStore
  gate: RateGate
  reader: CodatReader
  scanner: Scanner
  logs: string[]
  close(): Promise<void>
}

let sharedStore: Promise<FleetStore> | undefined

/** One embedded database per test file (creating one takes seconds); emptied for each rig. */
async function freshStore(): Promise<FleetStore> {
  sharedStore ??= (async () => {
    const db = await openDatabase({ memory: true })
    await migrate(db)
    return createFleetStore(db)
  })()
  const store = await sharedStore
  await store.db.query(
    'TRUNCATE fleet_companies, fleet_health_changes, fleet_webhook_deliveries, fleet_state, fleet_reread_queue CASCADE',
  )
  return store
}

export async function startFleetRig(
  options: {
    limits?: SimLimitOptions
    latencyMs?: number
    gate?: Partial<RateGateOptions>
    store?: FleetStore
    /** Defaults to the simulation's full demo fleet. */
    world?: SimWorld
    /** The scanner's clock (when it reads, when it scans next); defaults to the real one. */
    now?: () => number
  } = {},
): Promise<FleetRig> {
  const sim = await startSimServer({
    port: 0,
    ...(options.world && { world: options.world }),
    ...(options.limits && { limits: options.limits }),
    ...(options.latencyMs && { latencyMs: options.latencyMs }),
  })
  const store = options.store ?? (await freshStore())
  const gate = createRateGate({
    concurrency: 4,
    perMinute: 300,
    quotaReserve: 0.2,
    ...options.gate,
  })
  const reader = createCodatReader({
    baseUrl: new URL(sim.url),
    authHeader: `Basic ${Buffer.from('test-key').toString('base64')}`,
    timeoutMs: 10_000,
    gate,
    retryDelaysMs: [50, 100],
  })
  const logs: string[] = []
  const scanner = createScanner({
    store,
    reader,
    gate,
    concurrency: options.gate?.concurrency ?? 4,
    intervalMinutes: 30,
    staleHours: 24,
    log: (line) => logs.push(line),
    ...(options.now && { now: options.now }),
  })
  return {
    sim,
    store,
    gate,
    reader,
    scanner,
    logs,
    async close() {
      await scanner.stop()
      await sim.close()
    },
  }
}

/** The seeded world, but with these types of one company failing from their next pull on. */
export function worldWhereNextPullsFail(
  companyId: string,
  failingTypes: Record<string, 'FetchError' | 'MapError'>,
): SimWorld {
  return createWorld({
    scenario: (origin, generated) => {
      const scenario = buildScenario(origin, generated)
      return {
        ...scenario,
        companies: scenario.companies.map((company) =>
          company.id === companyId ? { ...company, failingTypes } : company,
        ),
      }
    },
  })
}

/**
 * Queues a pull of `dataType` for one company at the simulation and lets it end (a few seconds
 * on the simulation's clock): in a world from worldWhereNextPullsFail, it ends failing.
 */
export function pullToTheEnd(world: SimWorld, companyId: string, dataType: string): void {
  const company = world.company(companyId)
  if (!company) throw new Error(`company ${companyId} is missing from the simulation`)
  const queued = world.queue(company, dataType)
  if (queued.kind !== 'queued') throw new Error(`the simulation did not queue ${dataType}`)
  world.advance(30_000)
}
