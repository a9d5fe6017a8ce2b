// A small fleet and the answers GET /api/fleet must give over it: checks the in-memory query and the SQL one alike.
import type { FleetRow, FleetRowProblem } from './fleet-row.ts'

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

const problem = (
  dataType: string,
  health: FleetRowProblem['health'],
  status: string | null,
): FleetRowProblem => ({ dataType, health, status, since: null, failuresInARow: null })

/** Twelve companies covering every health, shared names, odd characters, accents and missing times. */
export const FLEET_CASE_ROWS: readonly FleetRow[] = [
  {
    id: id(1),
    name: 'Alder & Ash',
    health: 'healthy',
    platforms: ['Xero'],
    oldestLastSuccessfulSync: '2026-06-10T08:00:00.000Z',
    readAt: '2026-06-10T11:00:00.000Z',
    problems: [],
  },
  {
    id: id(2),
    name: 'birch Bakery',
    health: 'failing',
    platforms: ['QuickBooks Online', 'Plaid'],
    oldestLastSuccessfulSync: '2026-06-01T08:00:00.000Z',
    readAt: '2026-06-10T11:05:00.000Z',
    problems: [problem('invoices', 'failing', 'FetchError'), problem('bills', 'stale', 'Complete')],
  },
  {
    id: id(3),
    name: 'Birch Bakery',
    health: 'needs_relink',
    platforms: ['Xero'],
    oldestLastSuccessfulSync: '2026-06-08T08:00:00.000Z',
    readAt: null,
    problems: [problem('invoices', 'needs_relink', 'AuthError')],
  },
  {
    id: id(4),
    name: 'Cedar 100% Organic',
    health: 'stale',
    platforms: ['Sage Business Cloud Accounting'],
    oldestLastSuccessfulSync: '2026-05-20T08:00:00.000Z',
    readAt: '2026-06-10T10:00:00.000Z',
    problems: [problem('bills', 'stale', 'Complete')],
  },
  {
    id: id(5),
    name: 'Cedar_Wood Ltd',
    health: 'in_progress',
    platforms: ['Xero'],
    oldestLastSuccessfulSync: '2026-06-10T07:00:00.000Z',
    readAt: '2026-06-10T11:30:00.000Z',
    problems: [problem('invoices', 'in_progress', 'Fetching')],
  },
  {
    id: id(6),
    name: 'Dogwood Dental',
    health: 'never_synced',
    platforms: ['Xero'],
    oldestLastSuccessfulSync: null,
    readAt: '2026-06-10T09:00:00.000Z',
    problems: [problem('invoices', 'never_synced', null)],
  },
  {
    id: id(7),
    name: 'Elm Street Yoga',
    health: 'no_connections',
    platforms: [],
    oldestLastSuccessfulSync: null,
    readAt: '2026-06-10T09:00:00.000Z',
    problems: [],
  },
  {
    id: id(8),
    name: 'Fir Freight',
    health: 'failing',
    platforms: ['Xero', 'Shopify'],
    oldestLastSuccessfulSync: '2026-06-09T08:00:00.000Z',
    readAt: '2026-06-10T11:10:00.000Z',
    problems: [
      problem('commerce-orders', 'failing', 'PrerequisiteNotMet'),
      problem('invoices', 'other', 'Cancelled'),
    ],
  },
  {
    id: id(9),
    name: 'Ginkgo Garden',
    health: 'healthy',
    platforms: ['Plaid'],
    oldestLastSuccessfulSync: '2026-06-10T09:00:00.000Z',
    readAt: '2026-06-10T11:00:00.000Z',
    problems: [problem('banking-accounts', 'other', 'Archiving')],
  },
  {
    id: id(10),
    name: 'Hazel Hardware',
    health: 'stale',
    platforms: ['QuickBooks Online'],
    oldestLastSuccessfulSync: '2026-05-20T08:00:00.000Z',
    readAt: '2026-06-10T10:00:00.000Z',
    problems: [problem('invoices', 'stale', 'Queued')],
  },
  {
    id: id(11),
    name: 'hazel hardware',
    health: 'healthy',
    platforms: ['Xero'],
    oldestLastSuccessfulSync: '2026-06-10T10:00:00.000Z',
    readAt: null,
    problems: [],
  },
  {
    id: id(12),
    name: 'Ivy Bäckerei ZOË',
    health: 'never_synced',
    platforms: ['Xero'],
    oldestLastSuccessfulSync: null,
    readAt: null,
    problems: [],
  },
]

export interface FleetQueryCase {
  name: string
  /** The request's query string, exactly as a browser sends it. */
  query: string
  /** IDs of the page's rows, in order. */
  ids: string[]
  totalResults: number
}

/** Short forms of {@link FLEET_CASE_ROWS}' IDs, by number. */
const ids = (...numbers: number[]): string[] => numbers.map(id)

export const FLEET_QUERY_CASES: readonly FleetQueryCase[] = [
  {
    name: 'default: worst health first, ties by lower-cased name then ID',
    query: '',
    ids: ids(3, 2, 8, 4, 10, 5, 6, 12, 1, 9, 11, 7),
    totalResults: 12,
  },
  {
    name: 'health descending keeps name order within a health',
    query: 'sort=-health',
    ids: ids(7, 1, 9, 11, 6, 12, 5, 4, 10, 2, 8, 3),
    totalResults: 12,
  },
  {
    name: 'one health',
    query: 'health=failing',
    ids: ids(2, 8),
    totalResults: 2,
  },
  {
    name: 'a health nobody has',
    query: 'health=needs_relink&platform=Plaid',
    ids: [],
    totalResults: 0,
  },
  {
    name: 'data type matches listed problems only, any health, including Cancelled',
    query: 'dataType=invoices',
    ids: ids(3, 2, 8, 10, 5, 6),
    totalResults: 6,
  },
  {
    name: 'data type with a prefix',
    query: 'dataType=commerce-orders',
    ids: ids(8),
    totalResults: 1,
  },
  {
    name: 'a data type only a status Codat added later has',
    query: 'dataType=banking-accounts',
    ids: ids(9),
    totalResults: 1,
  },
  {
    name: 'platform is exact, any of the company’s platforms',
    query: 'platform=Plaid',
    ids: ids(2, 9),
    totalResults: 2,
  },
  {
    name: 'platform is case-sensitive',
    query: 'platform=xero',
    ids: [],
    totalResults: 0,
  },
  {
    name: 'name search ignores case',
    query: 'q=BIRCH',
    ids: ids(3, 2),
    totalResults: 2,
  },
  {
    name: 'name search treats % as a plain character',
    query: 'q=100%25',
    ids: ids(4),
    totalResults: 1,
  },
  {
    name: 'name search treats _ as a plain character',
    query: 'q=r_w',
    ids: ids(5),
    totalResults: 1,
  },
  {
    name: 'name search ignores accents, both ways',
    query: 'q=b%C3%A4ckerei%20zoe',
    ids: ids(12),
    totalResults: 1,
  },
  {
    name: 'name search: every word, in any order, without accents or capitals',
    query: 'q=zoe%20backerei',
    ids: ids(12),
    totalResults: 1,
  },
  {
    name: 'name search folds an accented capital and a decomposed accent alike',
    query: 'q=Zoe%CC%88%20IVY',
    ids: ids(12),
    totalResults: 1,
  },
  {
    name: 'name search: words in any order, each word anywhere in the name',
    query: 'q=bakery%20bir',
    ids: ids(3, 2),
    totalResults: 2,
  },
  {
    name: 'name search: every word must be there',
    query: 'q=birch%20yoga',
    ids: [],
    totalResults: 0,
  },
  {
    name: 'name search: spaces between words do not matter, a repeated word counts once',
    query: 'q=%20hazel%20%20%20HARDWARE%20hazel',
    ids: ids(10, 11),
    totalResults: 2,
  },
  {
    name: 'a pasted company ID, in upper case',
    query: `q=${id(9).toUpperCase()}`,
    ids: ids(9),
    totalResults: 1,
  },
  {
    name: 'part of an ID does not match',
    query: 'q=0000-4000',
    ids: [],
    totalResults: 0,
  },
  {
    name: 'filters combine',
    query: 'health=stale&platform=QuickBooks%20Online&q=hazel',
    ids: ids(10),
    totalResults: 1,
  },
  {
    name: 'name ascending: lower-cased, ties by ID',
    query: 'sort=name',
    ids: ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
    totalResults: 12,
  },
  {
    name: 'name descending: ties still by ID ascending',
    query: 'sort=-name',
    ids: ids(12, 10, 11, 9, 8, 7, 6, 5, 4, 2, 3, 1),
    totalResults: 12,
  },
  {
    name: 'oldest sync first, never-synced before all',
    query: 'sort=oldestSync',
    ids: ids(6, 7, 12, 4, 10, 2, 3, 8, 5, 1, 9, 11),
    totalResults: 12,
  },
  {
    name: 'newest sync first, never-synced last, ties still by name',
    query: 'sort=-oldestSync',
    ids: ids(11, 9, 1, 5, 8, 3, 2, 4, 10, 6, 7, 12),
    totalResults: 12,
  },
  {
    name: 'least recently read first, never read before all',
    query: 'sort=readAt',
    ids: ids(3, 11, 12, 6, 7, 4, 10, 1, 9, 2, 8, 5),
    totalResults: 12,
  },
  {
    name: 'most recently read first, never read last',
    query: 'sort=-readAt',
    ids: ids(5, 8, 2, 1, 9, 4, 10, 6, 7, 3, 11, 12),
    totalResults: 12,
  },
  {
    name: 'second page',
    query: 'sort=name&pageSize=5&page=2',
    ids: ids(6, 7, 8, 9, 10),
    totalResults: 12,
  },
  {
    name: 'last, partial page',
    query: 'sort=name&pageSize=5&page=3',
    ids: ids(11, 12),
    totalResults: 12,
  },
  {
    name: 'a page past the end is empty but still counts',
    query: 'health=failing&page=4&pageSize=1',
    ids: [],
    totalResults: 2,
  },
]

/** The summary over {@link FLEET_CASE_ROWS}, whatever the filters. */
export const FLEET_CASE_SUMMARY = {
  total: 12,
  byHealth: {
    needs_relink: 1,
    failing: 2,
    stale: 2,
    in_progress: 1,
    never_synced: 2,
    healthy: 3,
    no_connections: 1,
  },
} as const
