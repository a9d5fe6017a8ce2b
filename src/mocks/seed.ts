// The seeded companies: one per scenario a console must handle, with stable ids for tests.
import { DAY, HOUR, SECOND } from './codat-dates.ts'
import type { OperationPlan } from './operation-lifecycle.ts'
import { offeredTypes } from './platforms.ts'
import { dailyRuns, generatedHistory, singleRun, type PastOutcome } from './seed-history.ts'
import type { SimCompany } from './sim-model.ts'
import type { Scenario } from './world-state.ts'
import { OTHER_COMPANY_IDS, supportingCast } from './seed-cast.ts'
import { generateFleet } from './seed-fleet.ts'

/** Ids and names of the scenario companies; connection ids where a test needs one. */
export const SEED = {
  healthy: {
    id: '446e3388-0a1b-452e-8ac6-62e69181297f',
    name: 'Pemberton Bakery Ltd',
    connectionId: 'd3f3b934-8246-45af-9676-46692b754a69',
  },
  failing: {
    id: '5527eb54-3380-4090-be22-25af95909825',
    name: 'Northwind Plumbing & Heating',
    connectionId: '46e371c8-df79-40e7-b989-e26c044a9911',
    failingTypes: { invoices: 'FetchError', bills: 'FetchError', journalEntries: 'MapError' },
    /** Its only sync failed: currentStatus and latestSyncId, no success yet. */
    firstSyncFailedType: 'trackingCategories',
  },
  deauthorized: {
    id: 'a5c6fbb8-8f63-4baa-826a-82cecf301cd4',
    name: 'Cobalt Cycle Works',
    connectionId: 'adce5ec9-7e56-4631-b59a-0016756a4997',
  },
  multiConnection: {
    id: 'dbc2fa31-ea63-4fc8-91a3-e2d7da7333b7',
    name: 'Juniper & Sage Home Goods',
    accountingConnectionId: '009aac2b-1120-4351-a3e7-1e8f38976a47',
    bankingConnectionId: '754ade35-3912-40bd-aa03-963050d14e3e',
    /** PendingAuth: the business never finished linking its shop. */
    commerceConnectionId: '2e443a38-2f3c-499a-ad5b-ef486b696e3d',
    /** Running when the world is seeded (requested 2 s before the origin). */
    inFlightType: 'banking-transactions',
  },
  neverSynced: {
    id: '97a9f812-1e96-4b4a-b8a8-d438cf342882',
    name: 'Fernhill Veterinary Clinic',
    connectionId: 'cd7c29b5-e4f2-44f4-9dcd-fdc98e9590ec',
  },
  bigHistory: {
    id: 'a0558567-006f-4cac-bc73-127bfe700242',
    name: 'Atlas Freight Forwarding',
    connectionId: 'fe0a8685-4f30-4b34-9a69-7a76c1508910',
    historySize: 6500,
  },
  rateLimited: {
    id: '7fb82fc9-df21-4455-ab8d-93e5c2233305',
    name: 'Harbour Lane Coffee Roasters',
    /** Its lastSync is zone-less (the business's US Eastern wall-clock time). */
    connectionId: '3dd864d7-2ae4-428e-b4c2-2f12fb8b0892',
  },
} as const

const failingLatest: PastOutcome = (type, runsAgo) => {
  const failure = (SEED.failing.failingTypes as Record<string, 'FetchError' | 'MapError'>)[type]
  return failure && runsAgo === 0 ? failure : 'Complete'
}

const flaky =
  (rate: number): PastOutcome =>
  (_type, _runsAgo, random) =>
    random() < rate ? (random() < 0.6 ? 'FetchError' : 'MapError') : 'Complete'

function companies(origin: number): SimCompany[] {
  const at = (daysAgo: number) => origin - daysAgo * DAY
  const common = { createdByUserName: 'ops@lendwell.example', description: '' }
  return [
    {
      ...SEED.healthy,
      ...common,
      description: 'Artisan bakery, two shops in Bristol',
      createdAt: at(410),
      products: ['lending'],
      tags: { region: 'uk', segment: 'retail' },
      connections: [
        { id: SEED.healthy.connectionId, platform: 'xero', status: 'Linked', createdAt: at(409) },
      ],
    },
    {
      id: SEED.failing.id,
      name: SEED.failing.name,
      ...common,
      createdAt: at(220),
      products: ['lending', 'spend-insights'],
      tags: { region: 'uk' },
      failingTypes: { ...SEED.failing.failingTypes, trackingCategories: 'MapError' },
      connections: [
        {
          id: SEED.failing.connectionId,
          platform: 'quickBooksOnline',
          status: 'Linked',
          createdAt: at(219),
        },
      ],
    },
    {
      id: SEED.deauthorized.id,
      name: SEED.deauthorized.name,
      ...common,
      createdAt: at(300),
      products: ['lending'],
      tags: { region: 'uk' },
      connections: [
        {
          id: SEED.deauthorized.connectionId,
          platform: 'xero',
          status: 'Deauthorized',
          createdAt: at(299),
          erroredAt: origin - 30 * HOUR,
        },
      ],
    },
    {
      id: SEED.multiConnection.id,
      name: SEED.multiConnection.name,
      ...common,
      description: 'Homewares sold online and at markets',
      createdAt: at(90),
      products: ['lending', 'commerce'],
      tags: { region: 'uk', segment: 'ecommerce' },
      connections: [
        {
          id: SEED.multiConnection.accountingConnectionId,
          platform: 'quickBooksOnline',
          status: 'Linked',
          createdAt: at(90),
        },
        {
          id: SEED.multiConnection.bankingConnectionId,
          platform: 'plaid',
          status: 'Linked',
          createdAt: at(89),
        },
        {
          id: SEED.multiConnection.commerceConnectionId,
          platform: 'shopify',
          status: 'PendingAuth',
          createdAt: at(2),
        },
      ],
    },
    {
      id: SEED.neverSynced.id,
      name: SEED.neverSynced.name,
      ...common,
      createdAt: origin - 2 * HOUR,
      products: [],
      tags: {},
      connections: [
        {
          id: SEED.neverSynced.connectionId,
          platform: 'sage',
          status: 'Linked',
          createdAt: origin - HOUR,
        },
      ],
    },
    {
      id: SEED.bigHistory.id,
      name: SEED.bigHistory.name,
      ...common,
      description: 'Freight forwarder syncing hourly since last year',
      createdAt: at(400),
      products: ['lending', 'spend-insights'],
      tags: { region: 'eu', segment: 'logistics' },
      flakyRate: 0.05,
      connections: [
        {
          id: SEED.bigHistory.connectionId,
          platform: 'xero',
          status: 'Linked',
          createdAt: at(399),
        },
      ],
    },
    {
      id: SEED.rateLimited.id,
      name: SEED.rateLimited.name,
      ...common,
      createdAt: at(150),
      products: ['lending'],
      tags: { region: 'us' },
      connections: [
        {
          id: SEED.rateLimited.connectionId,
          platform: 'quickBooksOnline',
          status: 'Linked',
          createdAt: at(149),
          isRateLimited: true,
          zonelessOffsetMinutes: -300,
        },
      ],
    },
    ...supportingCast(at),
  ]
}

/** How many hand-made companies every world starts with, before any generated ones. */
export const HAND_MADE_COMPANY_COUNT = companies(0).length

/** Generated companies needed for a fleet of `total` companies in all. */
export function generatedCountFor(total: number): number {
  return Math.max(0, total - HAND_MADE_COMPANY_COUNT)
}

/**
 * The whole seeded world, placed relative to `origin` so it always looks recent: the hand-made
 * companies first, then `generatedCompanies` generated ones.
 */
export function buildScenario(origin: number, generatedCompanies = 0): Scenario {
  const fleet = generateFleet(generatedCompanies, origin)
  const list = companies(origin)
  const byId = (id: string): SimCompany => list.find((c) => c.id === id) as SimCompany
  const runs = (id: string, days: number, outcome?: PastOutcome, skip: string[] = []) =>
    byId(id).connections.flatMap((c) => {
      if (c.status === 'PendingAuth') return []
      // An unlinked connection stopped syncing when access was cut, weeks ago.
      const last = c.status === 'Unlinked' ? origin - 40 * DAY : origin
      const types = offeredTypes(c.platform).filter((type) => !skip.includes(type))
      return dailyRuns(byId(id), c, last, days, outcome, types)
    })
  const failing = byId(SEED.failing.id)
  const failingConnection = failing.connections[0]
  const multi = byId(SEED.multiConnection.id)
  const banking = multi.connections[1]
  const big = byId(SEED.bigHistory.id)
  const bigConnection = big.connections[0]
  const meadow = byId(OTHER_COMPANY_IDS.meadowviewFarmShop)
  const operations: OperationPlan[] = [
    ...runs(SEED.healthy.id, 3),
    ...runs(SEED.failing.id, 3, failingLatest, [SEED.failing.firstSyncFailedType]),
    // The connection broke 30 hours ago: the last daily run was refused.
    ...runs(SEED.deauthorized.id, 3, (_type, runsAgo) =>
      runsAgo === 0 ? 'AuthError' : 'Complete',
    ),
    ...runs(SEED.multiConnection.id, 2),
    ...runs(SEED.rateLimited.id, 3, (type, runsAgo) =>
      runsAgo === 0 && ['invoices', 'payments', 'bankTransactions'].includes(type)
        ? 'RateLimitError'
        : 'Complete',
    ),
    ...runs(OTHER_COMPANY_IDS.brightwaterDental, 3, flaky(0.1)),
    ...runs(OTHER_COMPANY_IDS.oakridgeLandscaping, 2),
    // Xero still shows Linked, but Codat's last pulls of three types were refused: a relink is due.
    ...runs(OTHER_COMPANY_IDS.silverBirchYoga, 2, (type, runsAgo) =>
      runsAgo === 0 && ['bills', 'customers', 'suppliers'].includes(type)
        ? 'AuthError'
        : 'Complete',
    ),
    ...runs(OTHER_COMPANY_IDS.kestrelPrint, 2),
    ...runs(OTHER_COMPANY_IDS.meadowviewFarmShop, 2),
    ...runs(OTHER_COMPANY_IDS.quaysideMarine, 1),
  ]
  if (failingConnection) {
    const type = SEED.failing.firstSyncFailedType
    operations.push(singleRun(failing, failingConnection, type, origin - 5 * HOUR, 'MapError'))
  }
  if (banking) {
    operations.push(
      singleRun(multi, banking, SEED.multiConnection.inFlightType, origin - 2 * SECOND, 'Complete'),
    )
  }
  const basiq = meadow.connections[1]
  if (basiq) {
    // Someone asked a bank feed for categories it does not offer.
    operations.push(
      singleRun(meadow, basiq, 'banking-transactionCategories', origin - 3 * HOUR, 'NotSupported'),
    )
  }
  return {
    companies: [...list, ...fleet.companies],
    operations,
    generatedHistory: {
      ...fleet.history,
      [big.id]: () =>
        bigConnection
          ? generatedHistory(big, bigConnection, origin, SEED.bigHistory.historySize)
          : [],
    },
  }
}
