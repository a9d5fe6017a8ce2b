// Test-only: one seeded world read by the real scanner into a store gives the demo's fleet, row for row.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fleetParamsObject, fleetQuerySchema, resolveFleetQuery } from '../../api/fleet-schemas.ts'
import { DemoFleet } from '../../mocks/fleet-sim.ts'
import { DAY, HOUR } from '../../mocks/codat-dates.ts'
import { createManualClock } from '../../mocks/manual-clock.ts'
import { server } from '../../mocks/node.ts'
import { buildScenario, SEED } from '../../mocks/seed.ts'
import { singleRun } from '../../mocks/seed-history.ts'
import { stableUuid } from '../../mocks/sim-random.ts'
import { createWorld, type SimWorld } from '../../mocks/world.ts'
import type { Scenario } from '../../mocks/world-state.ts'
import type { FleetStore } from '../store/fleet-store.ts'
import { allowLoopback } from './test-harness.ts'
import { startFleetRig, type FleetRig } from './test-fleet.ts'

/** Generated companies beside the hand-made scenarios: every health, several platforms. */
const GENERATED = 40

/** A type the platform no longer supports keeps the last success it had, long ago. */
const UNSUPPORTED_TYPE = 'banking-transactionCategories'

/**
 * The demo's world plus a company whose oldest success is on a type that has since become
 * NotSupported: whether that type counts is one of the rules the two fleets once differed on.
 */
function contractScenario(origin: number, generatedCompanies: number): Scenario {
  const scenario = buildScenario(origin, generatedCompanies)
  const company = scenario.companies.find((candidate) => candidate.id === SEED.healthy.id)
  const connection = company?.connections[0]
  if (!company || !connection) throw new Error('the healthy seeded company has no connection')
  const run = (at: number, outcome: 'Complete' | 'NotSupported') => ({
    ...singleRun(company, connection, UNSUPPORTED_TYPE, at, outcome),
    id: stableUuid(`contract:${UNSUPPORTED_TYPE}:${outcome}`),
  })
  scenario.operations.push(run(origin - 40 * DAY, 'Complete'), run(origin - HOUR, 'NotSupported'))
  return scenario
}

/** Filters and orders an operator uses; each must pick the same companies on both hosts. */
const QUERIES = [
  'pageSize=500',
  'sort=name&pageSize=500',
  'sort=oldestSync&pageSize=500',
  'sort=-oldestSync&pageSize=500',
  'health=failing&pageSize=500',
  'health=in_progress&pageSize=500',
  'health=never_synced&pageSize=500',
  'health=needs_relink&pageSize=500',
  'dataType=invoices&pageSize=500',
  'dataType=bills&pageSize=500',
  'platform=Xero&pageSize=500',
  'sort=name&pageSize=7&page=2',
]

/** The scanner's and the demo's answer to each query, for the world as it is at the clock. */
async function compareAll(store: FleetStore, demo: DemoFleet): Promise<void> {
  for (const query of QUERIES) {
    const resolved = resolveFleetQuery(
      fleetQuerySchema.parse(fleetParamsObject(new URLSearchParams(query))),
    )
    const live = await store.query(resolved)
    const shown = demo.answer(resolved)
    expect(shown.companies, query).toEqual(live.companies)
    expect(shown.summary, query).toEqual(live.summary)
  }
}

/** Runs one full scan now and waits for every company to be in the store. */
async function scanOnce(rig: FleetRig, isFirst: boolean): Promise<void> {
  if (isFirst) await rig.scanner.start()
  else rig.scanner.requestScan()
  await rig.scanner.idle()
}

export function describeDemoFleetContract(label: string, openStore: () => Promise<FleetStore>) {
  describe(`the demo fleet and the scanner on ${label}`, () => {
    const clock = createManualClock()
    let world: SimWorld
    let rig: FleetRig
    let demo: DemoFleet
    // The scanner's requests to the loopback simulation go out for real.
    beforeEach(() => allowLoopback(server))
    beforeAll(async () => {
      world = createWorld({
        now: clock.now,
        generatedCompanies: GENERATED,
        scenario: contractScenario,
      })
      rig = await startFleetRig({
        world,
        now: clock.now,
        store: await openStore(),
        gate: { concurrency: 8, perMinute: 100_000 },
      })
      demo = new DemoFleet(world)
    }, 90_000)
    afterAll(async () => {
      await rig.close()
      await rig.store.close()
    })

    it('shows the same rows for the first reading of every company', async () => {
      await scanOnce(rig, true)
      const all = demo.answer(resolveFleetQuery({ pageSize: 500 }))
      // The world has what the rules differ on: failing companies with types that never synced
      // or are running, stale types, several platforms, relinks.
      expect(all.summary.total).toBeGreaterThan(GENERATED)
      expect(all.summary.byHealth.failing).toBeGreaterThan(0)
      expect(all.summary.byHealth.stale + all.summary.byHealth.in_progress).toBeGreaterThan(0)
      const status = world.dataStatus(world.company(SEED.healthy.id)!)[UNSUPPORTED_TYPE]
      expect(status).toMatchObject({ currentStatus: 'NotSupported' })
      expect(Date.parse(status?.lastSuccessfulSync ?? '')).toBeLessThan(clock.now() - 30 * DAY)
      await compareAll(rig.store, demo)
    }, 120_000)

    it('shows the same rows after both read the fleet again a scan interval later', async () => {
      // Past the demo's next full scan (30 minutes) and the time it takes: every company read anew.
      clock.advance(31 * 60_000 + 60_000)
      await scanOnce(rig, false)
      const all = demo.answer(resolveFleetQuery({ pageSize: 500 }))
      expect(
        all.companies.results.every((row) => row.readAt === new Date(clock.now()).toISOString()),
      ).toBe(true)
      await compareAll(rig.store, demo)
    }, 120_000)
  })
}
