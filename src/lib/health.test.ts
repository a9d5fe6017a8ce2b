import { describe, expect, it } from 'vitest'
import { parseCodatDate } from './dates.ts'
import {
  connectionProblems,
  describeRelinkStatus,
  COMPANY_HEALTHS,
  compareHealth,
  companyHealth,
  dataTypeHealth,
  DEFAULT_STALE_HOURS,
  isCompanyHealth,
  needsRelink,
  worstHealth,
  type CompanyHealth,
  type DataTypeHealth,
} from './health.ts'
import { LEGACY_PULL_OPERATION_STATUSES, PULL_OPERATION_STATUSES } from './status-groups.ts'

const NOW = Date.parse('2026-06-10T12:00:00Z')
const HOUR = 3_600_000
const options = { now: NOW }
const iso = (ms: number) => new Date(ms).toISOString()
const FRESH = iso(NOW - 2 * HOUR)
const OLD = iso(NOW - 30 * HOUR)

// Every status Codat has ever sent: [status, fresh success, old success, never succeeded].
const EVERY_STATUS: [string, DataTypeHealth, DataTypeHealth, DataTypeHealth][] = [
  ['Initial', 'in_progress', 'stale', 'in_progress'],
  ['Queued', 'in_progress', 'stale', 'in_progress'],
  ['Fetching', 'in_progress', 'stale', 'in_progress'],
  ['MapQueued', 'in_progress', 'stale', 'in_progress'],
  ['Mapping', 'in_progress', 'stale', 'in_progress'],
  ['Complete', 'healthy', 'stale', 'healthy'],
  ['FetchError', 'failing', 'failing', 'failing'],
  ['MapError', 'failing', 'failing', 'failing'],
  ['InternalError', 'failing', 'failing', 'failing'],
  ['ProcessingQueued', 'in_progress', 'stale', 'in_progress'],
  ['Processing', 'in_progress', 'stale', 'in_progress'],
  ['ProcessingError', 'failing', 'failing', 'failing'],
  ['ValidationQueued', 'in_progress', 'stale', 'in_progress'],
  ['Validating', 'in_progress', 'stale', 'in_progress'],
  ['ValidationError', 'failing', 'failing', 'failing'],
  ['AuthError', 'needs_relink', 'needs_relink', 'needs_relink'],
  ['Cancelled', 'other', 'other', 'other'],
  ['NotSupported', 'not_supported', 'not_supported', 'not_supported'],
  ['RateLimitError', 'failing', 'failing', 'failing'],
  ['PermissionsError', 'failing', 'failing', 'failing'],
  ['PrerequisiteNotMet', 'failing', 'failing', 'failing'],
  ['Routing', 'in_progress', 'stale', 'in_progress'],
  ['RoutingError', 'failing', 'failing', 'failing'],
]

describe('dataTypeHealth', () => {
  it('covers every current and legacy status', () => {
    const covered = EVERY_STATUS.map(([status]) => status).sort()
    expect(covered).toEqual(
      [...PULL_OPERATION_STATUSES, ...LEGACY_PULL_OPERATION_STATUSES].slice().sort(),
    )
  })

  it.each(EVERY_STATUS)(
    '%s: %s when fresh, %s when old, %s when it never succeeded',
    (status, fresh, old, never) => {
      expect(dataTypeHealth({ currentStatus: status, lastSuccessfulSync: FRESH }, options)).toBe(
        fresh,
      )
      expect(dataTypeHealth({ currentStatus: status, lastSuccessfulSync: OLD }, options)).toBe(old)
      expect(dataTypeHealth({ currentStatus: status }, options)).toBe(never)
    },
  )

  it.each([
    ['a status Codat added later', 'Archiving'],
    ['a status in the wrong case', 'complete'],
    ['an error in the wrong case', 'FETCHERROR'],
    ['an inherited property name', 'constructor'],
    ['an empty string', ''],
  ])('shows %s as other, whatever the age', (_, status) => {
    expect(dataTypeHealth({ currentStatus: status, lastSuccessfulSync: OLD }, options)).toBe(
      'other',
    )
    expect(dataTypeHealth({ currentStatus: status, lastSuccessfulSync: FRESH }, options)).toBe(
      'other',
    )
  })

  it('is never synced without a status or a success', () => {
    expect(dataTypeHealth({}, options)).toBe('never_synced')
    expect(dataTypeHealth({ currentStatus: null, lastSuccessfulSync: null }, options)).toBe(
      'never_synced',
    )
  })

  it('judges a success without a status by its age', () => {
    expect(dataTypeHealth({ lastSuccessfulSync: FRESH }, options)).toBe('healthy')
    expect(dataTypeHealth({ lastSuccessfulSync: OLD }, options)).toBe('stale')
  })

  it(`is stale just after ${DEFAULT_STALE_HOURS} hours by default, not at the boundary`, () => {
    const at = (ms: number) =>
      dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: iso(ms) }, options)
    expect(at(NOW - 24 * HOUR)).toBe('healthy')
    expect(at(NOW - 24 * HOUR - 1000)).toBe('stale')
  })

  it('takes the threshold in hours', () => {
    const status = { currentStatus: 'Complete', lastSuccessfulSync: iso(NOW - 3 * HOUR) }
    expect(dataTypeHealth(status, { now: NOW, staleHours: 2 })).toBe('stale')
    expect(dataTypeHealth(status, { now: NOW, staleHours: 4 })).toBe('healthy')
    expect(dataTypeHealth(status, { now: NOW, staleHours: 0.5 })).toBe('stale')
  })

  it('reads zone-less dates as UTC, never as the local zone', () => {
    // 23h59 before NOW written without a zone: fresh only if read as UTC.
    const zoneLess = '2026-06-09T12:01:00'
    expect(
      dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: zoneLess }, options),
    ).toBe('healthy')
    expect(
      dataTypeHealth(
        { currentStatus: 'Complete', lastSuccessfulSync: '2026-06-09T11:59:00' },
        options,
      ),
    ).toBe('stale')
  })

  it('honours explicit offsets and 7-digit fractions', () => {
    // 13:30+02:00 is 11:30Z, 24.5 hours before NOW.
    const offset = '2026-06-09T13:30:00+02:00'
    expect(dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: offset }, options)).toBe(
      'stale',
    )
    const ticks = '2026-06-10T11:00:00.1234567Z'
    expect(dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: ticks }, options)).toBe(
      'healthy',
    )
  })

  it('reads a date-only value as midnight UTC', () => {
    expect(
      dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: '2026-06-10' }, options),
    ).toBe('healthy')
    expect(
      dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: '2026-06-09' }, options),
    ).toBe('stale')
  })

  it('accepts an already parsed Codat date', () => {
    const parsed = parseCodatDate(OLD)
    expect(dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: parsed }, options)).toBe(
      'stale',
    )
  })

  it('treats an unreadable date as unknown, not as old', () => {
    expect(
      dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: 'yesterday' }, options),
    ).toBe('healthy')
    expect(
      dataTypeHealth({ currentStatus: 'Queued', lastSuccessfulSync: 'yesterday' }, options),
    ).toBe('in_progress')
    expect(dataTypeHealth({ lastSuccessfulSync: 'yesterday' }, options)).toBe('never_synced')
  })

  it('does not call a success in the future stale', () => {
    const future = iso(NOW + 5 * HOUR)
    expect(dataTypeHealth({ currentStatus: 'Complete', lastSuccessfulSync: future }, options)).toBe(
      'healthy',
    )
  })
})

describe('company health', () => {
  const linked = [{ status: 'Linked' }]
  const type = (currentStatus: string | undefined, lastSuccessfulSync?: string) => ({
    currentStatus,
    lastSuccessfulSync,
  })

  it('orders healths worst first', () => {
    const shuffled: CompanyHealth[] = [
      'healthy',
      'no_connections',
      'stale',
      'needs_relink',
      'never_synced',
      'failing',
      'in_progress',
    ]
    expect(shuffled.sort(compareHealth)).toEqual([...COMPANY_HEALTHS])
  })

  it.each([
    [['AuthError', 'FetchError', 'Complete'], 'needs_relink'],
    [['FetchError', 'Queued', 'Complete'], 'failing'],
    [['PrerequisiteNotMet', 'Complete'], 'failing'],
    [['Complete:old', 'Queued', 'Complete'], 'stale'],
    [['Queued:old', 'Complete'], 'stale'],
    [['Queued', 'never', 'Complete'], 'in_progress'],
    [['never', 'Complete'], 'never_synced'],
    [['Complete', 'Complete'], 'healthy'],
    [['Complete', 'NotSupported', 'Cancelled', 'Archiving'], 'healthy'],
    [['FetchError', 'NotSupported'], 'failing'],
  ] as const)('%j → %s', (statuses, expected) => {
    const dataStatuses = Object.fromEntries(
      statuses.map((spec, index) => {
        const [status, age] = spec.split(':')
        if (status === 'never') return [`type${index}`, type(undefined)]
        return [`type${index}`, type(status, age === 'old' ? OLD : FRESH)]
      }),
    )
    expect(companyHealth(dataStatuses, linked, options).health).toBe(expected)
  })

  it('is never synced when no type ranks it', () => {
    expect(companyHealth({}, linked, options).health).toBe('never_synced')
    const unranked = { a: type('NotSupported'), b: type('Cancelled', FRESH), c: type('Archiving') }
    expect(companyHealth(unranked, linked, options).health).toBe('never_synced')
  })

  it.each(['Deauthorized', 'PendingAuth'])('needs a relink with a %s connection', (status) => {
    const healthy = { invoices: type('Complete', FRESH) }
    expect(companyHealth(healthy, [{ status: 'Linked' }, { status }], options).health).toBe(
      'needs_relink',
    )
  })

  it('says which connection needs a relink and why, once per platform', () => {
    const connections = [
      { status: 'Linked', platformName: 'Plaid' },
      { status: 'PendingAuth', platformName: 'Xero' },
      { status: 'PendingAuth', platformName: 'Xero' },
      { status: 'Deauthorized', platformName: 'Shopify' },
      { status: 'Unlinked', platformName: 'Sage' },
    ]
    expect(connectionProblems(connections)).toEqual([
      {
        dataType: 'Shopify connection',
        health: 'needs_relink',
        status: 'Deauthorized',
        since: null,
        failuresInARow: null,
      },
      {
        dataType: 'Xero connection',
        health: 'needs_relink',
        status: 'PendingAuth',
        since: null,
        failuresInARow: null,
      },
    ])
    expect(describeRelinkStatus('PendingAuth')).toBe('pending authorisation — relink')
    expect(describeRelinkStatus('Deauthorized')).toBe('deauthorised — relink')
    expect(describeRelinkStatus('AuthError')).toBeUndefined()
    expect(describeRelinkStatus(null)).toBeUndefined()
  })

  it.each(['Linked', 'Unlinked', 'SomethingNew'])('a %s connection alone does not', (status) => {
    const healthy = { invoices: type('Complete', FRESH) }
    expect(companyHealth(healthy, [{ status }], options).health).toBe('healthy')
  })

  it('has no connections when it has none, whatever its data says', () => {
    expect(companyHealth({}, [], options).health).toBe('no_connections')
    expect(companyHealth({ invoices: type('FetchError', OLD) }, [], options).health).toBe(
      'no_connections',
    )
  })

  it('keeps every type, with Codat status verbatim, in the order given', () => {
    const result = companyHealth(
      { invoices: type('FetchError', OLD), bills: type('Archiving'), items: type(undefined) },
      linked,
      options,
    )
    expect(result.types).toEqual([
      { dataType: 'invoices', health: 'failing', status: 'FetchError' },
      { dataType: 'bills', health: 'other', status: 'Archiving' },
      { dataType: 'items', health: 'never_synced', status: null },
    ])
  })

  it('accepts a list of data statuses named by their dataType', () => {
    const result = companyHealth(
      [
        { dataType: 'invoices', currentStatus: 'Complete', lastSuccessfulSync: FRESH },
        { dataType: 'bills', currentStatus: 'MapError', lastSuccessfulSync: FRESH },
      ],
      linked,
      options,
    )
    expect(result.health).toBe('failing')
    expect(result.types.map((t) => t.dataType)).toEqual(['invoices', 'bills'])
  })

  it('passes the threshold through', () => {
    const statuses = { invoices: type('Complete', iso(NOW - 3 * HOUR)) }
    expect(companyHealth(statuses, linked, { now: NOW, staleHours: 2 }).health).toBe('stale')
  })
})

describe('helpers', () => {
  it('worstHealth ignores types that never rank', () => {
    expect(worstHealth(['not_supported', 'other'])).toBeUndefined()
    expect(worstHealth(['other', 'healthy', 'stale'])).toBe('stale')
  })

  it('needsRelink matches the exact connection statuses', () => {
    expect(needsRelink({ status: 'Deauthorized' })).toBe(true)
    expect(needsRelink({ status: 'PendingAuth' })).toBe(true)
    expect(needsRelink({ status: 'deauthorized' })).toBe(false)
  })

  it('isCompanyHealth knows the seven values and nothing else', () => {
    for (const health of COMPANY_HEALTHS) expect(isCompanyHealth(health)).toBe(true)
    expect(isCompanyHealth('not_supported')).toBe(false)
    expect(isCompanyHealth('toString')).toBe(false)
  })
})
