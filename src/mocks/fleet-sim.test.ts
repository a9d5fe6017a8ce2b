// The demo fleet: generated companies, GET /api/fleet and POST /api/fleet/scan over a manual clock.
import { describe, expect, it } from 'vitest'
import {
  fleetResponseSchema,
  fleetScanAcceptedSchema,
  recentAlertsSchema,
  type FleetResponse,
} from '../api/fleet-schemas.ts'
import { COMPANY_HEALTHS } from '../lib/health.ts'
import { serializeWorld } from './demo-persistence.ts'
import { DemoFleet } from './fleet-sim.ts'
import { createFleetHandlers } from './fleet-routes.ts'
import { createHandlers } from './handlers.ts'
import { createManualClock } from './manual-clock.ts'
import { server } from './node.ts'
import { buildScenario, HAND_MADE_COMPANY_COUNT, SEED } from './seed.ts'
import { DEMO_FLEET_SIZE, generateFleet } from './seed-fleet.ts'
import { createWorld } from './world.ts'

function setup(generatedCompanies = DEMO_FLEET_SIZE) {
  const clock = createManualClock()
  const world = createWorld({ now: clock.now, generatedCompanies })
  server.use(...createFleetHandlers(world), ...createHandlers(world))
  return { clock, world }
}

async function getFleet(query = ''): Promise<FleetResponse> {
  const response = await fetch(`/api/fleet${query ? `?${query}` : ''}`)
  expect(response.status).toBe(200)
  return fleetResponseSchema.parse(await response.json())
}

describe('the generated fleet', () => {
  it('is the same every time for the same origin', () => {
    const a = generateFleet(50, 0)
    const b = generateFleet(50, 0)
    expect(a.companies).toEqual(b.companies)
    expect(a.history[a.companies[7]!.id]!()).toEqual(b.history[b.companies[7]!.id]!())
  })

  it('builds 10,000 companies quickly, with unique IDs', () => {
    const started = performance.now()
    const { companies } = generateFleet(10_000, Date.UTC(2026, 5, 1))
    const elapsed = performance.now() - started
    expect(new Set(companies.map((c) => c.id)).size).toBe(10_000)
    expect(elapsed).toBeLessThan(3000)
  })

  it('keeps the hand-made companies and only stores what changed', () => {
    const { world } = setup()
    expect(world.companies()).toHaveLength(HAND_MADE_COMPANY_COUNT + DEMO_FLEET_SIZE)
    expect(world.company(SEED.failing.id)?.name).toBe(SEED.failing.name)
    // A few hundred companies cost the browser's storage nothing: they are rebuilt from the seed.
    expect(serializeWorld(world.snapshot()).length).toBeLessThan(300)
  })
})

describe('GET /api/fleet in the demo', () => {
  it('shows every health, several platforms, and counts the whole fleet', async () => {
    setup()
    const fleet = await getFleet('pageSize=500')
    expect(fleet.summary.total).toBe(HAND_MADE_COMPANY_COUNT + DEMO_FLEET_SIZE)
    for (const health of COMPANY_HEALTHS) expect(fleet.summary.byHealth[health]).toBeGreaterThan(0)
    const platforms = new Set(fleet.companies.results.flatMap((c) => c.platforms))
    expect(platforms.size).toBeGreaterThanOrEqual(6)
    expect(fleet.scan).toMatchObject({ state: 'idle', webhooks: { configured: false } })
  })

  it('says since when and how often a type has failed', async () => {
    setup(0)
    const fleet = await getFleet(`q=${SEED.failing.id}`)
    const company = fleet.companies.results[0]
    expect(company).toMatchObject({ name: SEED.failing.name, health: 'failing' })
    const invoices = company?.problems.find((p) => p.dataType === 'invoices')
    expect(invoices).toMatchObject({ health: 'failing', status: 'FetchError', failuresInARow: 1 })
    expect(invoices?.since).not.toBeNull()
  })

  it('filters, sorts and pages on the server', async () => {
    setup()
    const failing = await getFleet('health=failing&sort=name&pageSize=5')
    expect(failing.companies.results.length).toBeLessThanOrEqual(5)
    expect(failing.companies.totalResults).toBe(failing.summary.byHealth.failing)
    expect(failing.companies.results.every((c) => c.health === 'failing')).toBe(true)
    const names = failing.companies.results.map((c) => c.name.toLowerCase())
    expect(names).toEqual([...names].sort())
    const xero = await getFleet('platform=Xero&dataType=invoices')
    expect(xero.companies.results.length).toBeGreaterThan(0)
    for (const company of xero.companies.results) {
      expect(company.platforms).toContain('Xero')
      expect(company.problems.map((p) => p.dataType)).toContain('invoices')
    }
  })

  it('refuses a malformed query with the reason', async () => {
    setup(0)
    const response = await fetch('/api/fleet?sort=created')
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: string }
    expect(body.error).toMatch(/sort/)
  })

  it('reads a company again once a refresh through the console ends', async () => {
    const { clock } = setup(0)
    const before = await getFleet(`q=${SEED.healthy.id}`)
    expect(before.companies.results[0]?.health).toBe('healthy')
    clock.advance(60_000)
    await fetch(`/api/companies/${SEED.healthy.id}/data/queue/invoices`, { method: 'POST' })
    const during = await getFleet(`q=${SEED.healthy.id}`)
    expect(during.companies.results[0]?.health).toBe('in_progress')
    expect(during.companies.results[0]?.readAt).not.toBe(before.companies.results[0]?.readAt)
    clock.advance(30_000)
    const after = await getFleet(`q=${SEED.healthy.id}`)
    expect(after.companies.results[0]?.health).toBe('healthy')
  })
})

describe('POST /api/fleet/scan in the demo', () => {
  it('runs a full scan the screen can follow, then schedules the next', async () => {
    const { clock } = setup()
    const total = HAND_MADE_COMPANY_COUNT + DEMO_FLEET_SIZE
    const response = await fetch('/api/fleet/scan', { method: 'POST' })
    expect(response.status).toBe(202)
    const { scan } = fleetScanAcceptedSchema.parse(await response.json())
    expect(scan).toMatchObject({ state: 'running', progress: { done: 0, total } })
    clock.advance(3000)
    const midway = await getFleet()
    expect(midway.scan.state).toBe('running')
    expect(midway.scan.progress?.done).toBeGreaterThan(0)
    expect(midway.scan.progress?.done).toBeLessThan(total)
    clock.advance(60_000)
    const done = await getFleet()
    expect(done.scan).toMatchObject({ state: 'idle', progress: null })
    const finished = Date.parse(done.scan.lastCompletedAt ?? '')
    expect(Date.parse(done.scan.nextScanAt ?? '')).toBe(finished + 30 * 60_000)
  })
})

/** The seeded world on a manual clock, but the healthy bakery's invoices fail from their next pull on. */
function worldWhereBakeryInvoicesFail() {
  const clock = createManualClock()
  const world = createWorld({
    now: clock.now,
    generatedCompanies: 40,
    scenario: (origin, generated) => {
      const scenario = buildScenario(origin, generated)
      return {
        ...scenario,
        companies: scenario.companies.map((company) =>
          company.id === SEED.healthy.id
            ? { ...company, failingTypes: { invoices: 'FetchError' } }
            : company,
        ),
      }
    },
  })
  return { clock, world }
}

describe('GET /api/fleet/alerts in the demo', () => {
  it('shows the first reading as one summary, then a type that starts failing, at once', async () => {
    const { clock, world } = worldWhereBakeryInvoicesFail()
    server.use(...createFleetHandlers(world), ...createHandlers(world))
    const alerts = async () => {
      const response = await fetch('/api/fleet/alerts')
      expect(response.status).toBe(200)
      return recentAlertsSchema.parse(await response.json())
    }
    const first = await alerts()
    expect(first.channel).toBe('in-page')
    // Only a summary of what the first reading found, never one per company.
    expect(first.items.map((item) => item.type)).toEqual(['alert.baseline'])
    expect(first.items[0]).toMatchObject({ delivery: 'shown', attempts: 0, lastError: null })

    await fetch(`/api/companies/${SEED.healthy.id}/data/queue/invoices`, { method: 'POST' })
    clock.advance(30_000)
    const after = await alerts()
    expect(after.items.map((item) => item.type)).toEqual(['alert.change', 'alert.baseline'])
    expect(after.items[0]?.title).toBe(`${SEED.healthy.name}: invoices is failing`)
    // Codat's words for the failed pull, and a link to the company's "Why?" panel in this console.
    const failed = world
      .operations(SEED.healthy.id)
      .filter((operation) => operation.dataType === 'invoices')
      .sort((a, b) => b.requested.localeCompare(a.requested))[0]
    expect(failed?.errorMessage).toBeTruthy()
    expect(after.items[0]?.error).toBe(failed?.errorMessage)
    expect(after.items[0]?.links[0]?.url).toBe(
      new URL(`companies/${SEED.healthy.id}?why=invoices`, document.baseURI).href,
    )
    // Read again, nothing new is told.
    clock.advance(5 * 60_000)
    expect((await alerts()).items).toHaveLength(2)
  })

  it('keeps what it told across a reload, and tells only what changed meanwhile', () => {
    const { clock, world } = worldWhereBakeryInvoicesFail()
    const saved = new Map<string, string>()
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
      removeItem: (key: string) => void saved.delete(key),
    }
    const before = new DemoFleet(world, { storage }).recentAlerts()
    expect(before.items.map((item) => item.type)).toEqual(['alert.baseline'])

    // The page reloads while a pull of the bakery's invoices ends failing.
    const bakery = world.company(SEED.healthy.id)
    if (!bakery) throw new Error('the bakery is missing')
    expect(world.queue(bakery, 'invoices').kind).toBe('queued')
    clock.advance(60_000)
    const reloaded = new DemoFleet(world, { storage }).recentAlerts()
    expect(reloaded.items.map((item) => [item.type, item.title])).toEqual([
      ['alert.change', `${SEED.healthy.name}: invoices is failing`],
      ['alert.baseline', before.items[0]?.title],
    ])
    // A reset world starts over.
    world.reset()
    expect(new DemoFleet(world, { storage }).recentAlerts().items.map((item) => item.type)).toEqual(
      ['alert.baseline'],
    )
  })
})
