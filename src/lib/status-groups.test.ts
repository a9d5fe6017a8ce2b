import { describe, expect, it } from 'vitest'
import {
  DATA_TYPES,
  isInProgress,
  isKnownDataType,
  isNeverSynced,
  isTerminal,
  PULL_OPERATION_STATUSES,
  statusesInGroups,
  statusGroup,
} from './status-groups.ts'

describe('statusGroup', () => {
  it.each([
    ['Initial', 'in-progress'],
    ['Queued', 'in-progress'],
    ['Fetching', 'in-progress'],
    ['MapQueued', 'in-progress'],
    ['Mapping', 'in-progress'],
    ['ProcessingQueued', 'in-progress'],
    ['Processing', 'in-progress'],
    ['ValidationQueued', 'in-progress'],
    ['Validating', 'in-progress'],
    ['Routing', 'in-progress'],
    ['Complete', 'success'],
    ['FetchError', 'error'],
    ['MapError', 'error'],
    ['InternalError', 'error'],
    ['ProcessingError', 'error'],
    ['ValidationError', 'error'],
    ['PermissionsError', 'error'],
    ['RateLimitError', 'error'],
    ['PrerequisiteNotMet', 'error'],
    ['RoutingError', 'error'],
    ['AuthError', 'relink'],
    ['NotSupported', 'not-supported'],
    ['Cancelled', 'cancelled'],
  ])('%s is %s', (status, group) => {
    expect(statusGroup(status)).toBe(group)
  })

  it('groups every one of the 21 spec statuses', () => {
    expect(PULL_OPERATION_STATUSES).toHaveLength(21)
    for (const status of PULL_OPERATION_STATUSES) expect(statusGroup(status)).not.toBe('unknown')
  })

  it.each(['complete', 'COMPLETE', 'Teleporting', '', 'constructor', 'toString'])(
    'treats %j as unknown',
    (status) => {
      expect(statusGroup(status)).toBe('unknown')
    },
  )
})

describe('isInProgress / isTerminal', () => {
  it('tells running from finished', () => {
    expect(isInProgress('Queued')).toBe(true)
    expect(isTerminal('Queued')).toBe(false)
    expect(isInProgress('FetchError')).toBe(false)
    expect(isTerminal('FetchError')).toBe(true)
    expect(isTerminal('Cancelled')).toBe(true)
    expect(isTerminal('NotSupported')).toBe(true)
  })

  it('calls an unknown or missing status neither running nor finished', () => {
    expect(isInProgress('Teleporting')).toBe(false)
    expect(isTerminal('Teleporting')).toBe(false)
    expect(isInProgress(undefined)).toBe(false)
    expect(isTerminal(undefined)).toBe(false)
  })
})

describe('statusesInGroups', () => {
  it('lists failure statuses from the current spec only', () => {
    expect(statusesInGroups('error', 'relink')).toEqual([
      'FetchError',
      'MapError',
      'InternalError',
      'ProcessingError',
      'ValidationError',
      'AuthError',
      'RateLimitError',
      'PermissionsError',
      'PrerequisiteNotMet',
    ])
  })
})

describe('isNeverSynced', () => {
  it('is true only without a current status', () => {
    expect(isNeverSynced({})).toBe(true)
    expect(isNeverSynced({ currentStatus: undefined })).toBe(true)
    expect(isNeverSynced({ currentStatus: 'Complete' })).toBe(false)
    expect(isNeverSynced({ currentStatus: 'Teleporting' })).toBe(false)
  })
})

describe('data types', () => {
  it('knows the 43 spec data types, case-sensitively', () => {
    expect(DATA_TYPES).toHaveLength(43)
    expect(new Set(DATA_TYPES).size).toBe(43)
    expect(isKnownDataType('banking-accounts')).toBe(true)
    expect(isKnownDataType('itemReceipts')).toBe(true)
    expect(isKnownDataType('Invoices')).toBe(false)
    expect(isKnownDataType('bankingAccounts')).toBe(false)
    expect(isKnownDataType('hasOwnProperty')).toBe(false)
  })
})
