// Generated companies around the hand-made ones: a seeded, varied fleet of any size, history on demand.
import { DAY, HOUR, MINUTE } from './codat-dates.ts'
import type { OperationPlan, Outcome } from './operation-lifecycle.ts'
import { outcomeDetails } from './outcomes.ts'
import { PLATFORMS, type PlatformKey } from './platforms.ts'
import { between, createRandom, stableUuid } from './sim-random.ts'
import type { ConnectionStatus, SimCompany, SimConnection } from './sim-model.ts'

/** How many generated companies the browser demo holds beside the hand-made ones. */
export const DEMO_FLEET_SIZE = 300

const FIRST = [
  'Bay', 'Beacon', 'Birchwood', 'Bluebell', 'Bramble', 'Brook', 'Castle',
  'Cedar', 'Clover', 'Copper', 'Crown', 'Daisy', 'Eastgate', 'Elm', 'Fairway', 'Fenwick',
  'Foxglove', 'Granite', 'Greenfield', 'Harbour', 'Hawthorn', 'Heron', 'Highland', 'Hollow',
  'Ivy', 'Juniper', 'Kingfisher', 'Lakeside', 'Lantern', 'Linden', 'Maple', 'Marlow', 'Millbrook',
  'Northgate', 'Oakley', 'Orchard', 'Pebble', 'Pine', 'Quarry', 'Redwood', 'Riverside', 'Rowan',
  'Saffron', 'Seaview', 'Stonebridge', 'Summit', 'Thistle', 'Valley', 'Willow', 'Wren',
] // prettier-ignore

const SECOND = [
  'Accountancy', 'Architects', 'Bistro', 'Books', 'Brewing', 'Builders', 'Café',
  'Carpentry', 'Catering', 'Clinic', 'Coffee', 'Dental', 'Design', 'Electrical', 'Engineering',
  'Fitness', 'Florist', 'Foods', 'Garage', 'Gardens', 'Hardware', 'Interiors', 'Joinery',
  'Kitchens', 'Logistics', 'Marine', 'Motors', 'Optics', 'Outfitters', 'Pharmacy', 'Plumbing',
  'Pottery', 'Print', 'Roofing', 'Salon', 'Signs', 'Studio', 'Supplies', 'Tailors', 'Textiles',
  'Tiles', 'Timber', 'Travel', 'Veterinary', 'Wines',
] // prettier-ignore

const SUFFIX = ['Ltd', 'Ltd', 'Co', '& Sons', 'LLP', 'Group', 'Ltd', '']

/** What is wrong with a generated company, so the fleet shows every health. */
type Profile =
  'healthy' | 'failing' | 'stale' | 'relink' | 'pending' | 'running' | 'never' | 'empty'

/** Cumulative: 4 % without connections, 5 % deauthorized, 2 % pending, 13 % failing, … */
const PROFILES: ReadonlyArray<[Profile, number]> = [
  ['empty', 0.04],
  ['relink', 0.09],
  ['pending', 0.11],
  ['failing', 0.24],
  ['stale', 0.34],
  ['running', 0.39],
  ['never', 0.44],
  ['healthy', 1],
]

const ACCOUNTING: ReadonlyArray<[PlatformKey, number]> = [
  ['xero', 0.4],
  ['quickBooksOnline', 0.72],
  ['sage', 0.88],
  ['freeAgent', 1],
]

const FAILURES: readonly Outcome[] = ['FetchError', 'FetchError', 'MapError', 'RateLimitError']

/** The first entry whose cumulative share exceeds the roll. */
function pick<T>(table: ReadonlyArray<[T, number]>, roll: number): T {
  return (table.find(([, upTo]) => roll < upTo) ?? table[table.length - 1])![0]
}

function item<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T
}

interface GeneratedCompany {
  company: SimCompany
  profile: Profile
}

/** The index-th generated company; the same index always gives the same company. */
function generateCompany(index: number, origin: number): GeneratedCompany {
  const seed = `fleet:${index}`
  const random = createRandom(seed)
  const id = stableUuid(seed)
  const suffix = item(SUFFIX, random)
  const name = [item(FIRST, random), item(SECOND, random), suffix].filter(Boolean).join(' ')
  const profile = pick(PROFILES, random())
  const createdAt = origin - between(random, 20, 700) * DAY
  const connection = (n: number, platform: PlatformKey, status: ConnectionStatus) => ({
    id: stableUuid(`${seed}:connection:${n}`),
    platform,
    status,
    createdAt: createdAt + n * HOUR,
  })
  const connections: SimConnection[] = []
  if (profile !== 'empty') {
    const status: ConnectionStatus = profile === 'relink' ? 'Deauthorized' : 'Linked'
    connections.push(connection(0, pick(ACCOUNTING, random()), status))
    if (status === 'Deauthorized')
      connections[0]!.erroredAt = origin - between(random, 2, 200) * HOUR
    if (random() < 0.3)
      connections.push(connection(1, random() < 0.7 ? 'plaid' : 'basiq', 'Linked'))
    const commerce: PlatformKey = random() < 0.6 ? 'shopify' : 'square'
    if (profile === 'pending') connections.push(connection(2, commerce, 'PendingAuth'))
    else if (random() < 0.12) connections.push(connection(2, commerce, 'Linked'))
  }
  const isNew = profile === 'never'
  return {
    profile,
    company: {
      id,
      name,
      description: '',
      createdAt: isNew ? origin - between(random, 1, 20) * HOUR : createdAt,
      createdByUserName: null,
      products: ['lending'],
      tags: { region: item(['uk', 'uk', 'ie', 'us', 'eu'], random) },
      connections: isNew
        ? connections.map((c) => ({ ...c, createdAt: origin - HOUR }))
        : connections,
    },
  }
}

/** Hex of a 32-bit number, 8 digits. */
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')

/**
 * Builds one generated company's operations. IDs are the company's UUID with a counter in
 * the last group: unique, v4-shaped and far cheaper than hashing a UUID per operation, which
 * matters when a scan reads 10,000 companies.
 */
function runMaker(company: SimCompany, random: () => number) {
  const prefix = company.id.slice(0, 24)
  let counter = 0
  return (
    connection: SimConnection,
    dataType: string,
    requestedAt: number,
    outcome: Outcome,
    durations?: { queuedMs: number; fetchingMs: number; mappingMs: number },
  ): OperationPlan => {
    counter += 1
    const id = `${prefix}${hex8(Math.floor(random() * 0x10000) * 0x10000 + counter).slice(0, 4)}${hex8(counter)}`
    return {
      id,
      companyId: company.id,
      connectionId: connection.id,
      dataType,
      requestedAt: requestedAt + between(random, 0, 1000),
      outcome,
      queuedMs: durations?.queuedMs ?? between(random, 1000, 20_000),
      fetchingMs: durations?.fetchingMs ?? between(random, 5000, 90_000),
      mappingMs: durations?.mappingMs ?? between(random, 2000, 30_000),
      ...outcomeDetails(outcome, PLATFORMS[connection.platform].platformName, dataType, random),
    }
  }
}

/** Past runs: daily ones for most, a failure streak, a stopped schedule or a read under way. */
function historyOf({ company, profile }: GeneratedCompany, origin: number): OperationPlan[] {
  const random = createRandom(`${company.id}:history`)
  const run = runMaker(company, random)
  const plans: OperationPlan[] = []
  company.connections.forEach((connection, connectionIndex) => {
    if (connection.status === 'PendingAuth' || profile === 'never') return
    const types = PLATFORMS[connection.platform].dataTypes
    const isMain = connectionIndex === 0
    // The latest daily run: 2 to 18 hours before the world began, or days ago if it stopped.
    const latest =
      profile === 'stale'
        ? origin - between(random, 2, 12) * DAY
        : origin - between(random, 2, 19) * HOUR
    const broken = new Map<string, [Outcome, number]>()
    if (profile === 'failing' && isMain) {
      const count = between(random, 1, 4)
      for (let n = 0; n < count; n++) {
        broken.set(item(types, random), [item(FAILURES, random), between(random, 1, 6)])
      }
    }
    types.forEach((dataType, index) => {
      const at = (runsAgo: number) => latest - runsAgo * DAY - 2 * HOUR + index * 7000
      const failure = broken.get(dataType)
      if (profile === 'relink') {
        plans.push(run(connection, dataType, at(1), 'Complete'))
        plans.push(run(connection, dataType, at(0), 'AuthError'))
      } else if (failure) {
        const [outcome, streak] = failure
        plans.push(run(connection, dataType, at(streak), 'Complete'))
        for (let runsAgo = streak - 1; runsAgo >= 0; runsAgo--) {
          plans.push(run(connection, dataType, at(runsAgo), outcome))
        }
      } else {
        plans.push(run(connection, dataType, at(0), 'Complete'))
      }
    })
    if (profile === 'running' && isMain) {
      // A refresh of a few types queued just before the world began, taking minutes.
      for (const dataType of types.slice(0, between(random, 2, 6))) {
        plans.push(
          run(connection, dataType, origin - between(random, 5, 60) * 1000, 'Complete', {
            queuedMs: between(random, 10, 60) * 1000,
            fetchingMs: between(random, 3, 12) * MINUTE,
            mappingMs: between(random, 1, 3) * MINUTE,
          }),
        )
      }
    }
  })
  return plans
}

export interface GeneratedFleet {
  companies: SimCompany[]
  /** Past operations of one generated company, computed afresh on each call. */
  history: Record<string, () => OperationPlan[]>
}

/** `count` generated companies; a few milliseconds per thousand, histories left for later. */
export function generateFleet(count: number, origin: number): GeneratedFleet {
  const companies: SimCompany[] = []
  const history: Record<string, () => OperationPlan[]> = {}
  for (let index = 0; index < count; index++) {
    const generated = generateCompany(index, origin)
    companies.push(generated.company)
    history[generated.company.id] = () => historyOf(generated, origin)
  }
  return { companies, history }
}
