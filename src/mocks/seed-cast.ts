// The supporting cast of companies, so search and paging of companies have something to do.
import type { SimCompany } from './sim-model.ts'
import { stableUuid } from './sim-random.ts'

/** Ids of the ordinary companies around the scenario ones. */
export const OTHER_COMPANY_IDS = {
  brightwaterDental: '9477939c-a727-4f89-a6fb-1ecaf4b0b702',
  oakridgeLandscaping: 'c5593a93-d4fd-4901-a089-0261b980589a',
  silverBirchYoga: '4907ec3e-86a7-42e7-9b12-afd8fcbdc0c8',
  kestrelPrint: 'f76a2e81-abba-4e7a-8bc7-2f40c3675979',
  meadowviewFarmShop: 'e5c08cda-a161-4c15-95fb-e01f11ae2e08',
  quaysideMarine: 'cefba65a-cf77-4e97-afd4-c9d0348d22a7',
} as const

// Derived ids for the supporting cast: stable, and never needed by name in tests.
const connId = (companyId: string, n: number): string => stableUuid(`${companyId}:connection:${n}`)

export function supportingCast(at: (daysAgo: number) => number): SimCompany[] {
  const ids = OTHER_COMPANY_IDS
  const base = { createdByUserName: null, description: '', products: ['lending'] }
  return [
    {
      ...base,
      id: ids.brightwaterDental,
      name: 'Brightwater Dental Practice',
      createdAt: at(60),
      tags: { region: 'uk' },
      flakyRate: 0.15,
      connections: [
        {
          id: connId(ids.brightwaterDental, 1),
          platform: 'xero',
          status: 'Linked',
          createdAt: at(60),
        },
      ],
    },
    {
      ...base,
      id: ids.oakridgeLandscaping,
      name: 'Oakridge Landscaping Co',
      createdAt: at(45),
      tags: { region: 'uk' },
      connections: [
        {
          id: connId(ids.oakridgeLandscaping, 1),
          platform: 'freeAgent',
          status: 'Linked',
          createdAt: at(45),
        },
      ],
    },
    {
      ...base,
      id: ids.silverBirchYoga,
      name: 'Silver Birch Yoga Studio',
      createdAt: at(30),
      products: ['commerce'],
      tags: { region: 'ie' },
      connections: [
        {
          id: connId(ids.silverBirchYoga, 1),
          platform: 'square',
          status: 'Linked',
          createdAt: at(30),
        },
        {
          id: connId(ids.silverBirchYoga, 2),
          platform: 'xero',
          status: 'Linked',
          createdAt: at(29),
        },
      ],
    },
    {
      ...base,
      id: ids.kestrelPrint,
      name: 'Kestrel Print & Design',
      createdAt: at(500),
      tags: { region: 'uk', status: 'closed-facility' },
      connections: [
        {
          id: connId(ids.kestrelPrint, 1),
          platform: 'quickBooksOnline',
          status: 'Unlinked',
          createdAt: at(499),
        },
      ],
    },
    {
      ...base,
      id: ids.meadowviewFarmShop,
      name: 'Meadowview Farm Shop',
      createdAt: at(75),
      tags: { region: 'uk', segment: 'retail' },
      connections: [
        {
          id: connId(ids.meadowviewFarmShop, 1),
          platform: 'sage',
          status: 'Linked',
          createdAt: at(75),
        },
        {
          id: connId(ids.meadowviewFarmShop, 2),
          platform: 'basiq',
          status: 'Linked',
          createdAt: at(74),
        },
      ],
    },
    {
      ...base,
      id: ids.quaysideMarine,
      name: 'Quayside Marine Supplies',
      createdAt: at(12),
      tags: { region: 'au' },
      connections: [
        {
          id: connId(ids.quaysideMarine, 1),
          platform: 'xero',
          status: 'Linked',
          createdAt: at(12),
        },
      ],
    },
  ]
}
