import { describe, expect, it } from 'vitest'
import { parseCodatDate, type CodatDate } from '../../lib/dates.ts'
import { laterOutcome } from './later-outcome.ts'

const at = (raw: string) => parseCodatDate(raw) as CodatDate
const OLD = { id: 'old', status: 'FetchError', requested: at('2026-11-01T10:00:00Z') }

describe('laterOutcome', () => {
  it('says there is nothing to do when a later pull succeeded and is the newest', () => {
    const later = laterOutcome(OLD, {
      dataType: 'invoices',
      currentStatus: 'Complete',
      latestSyncId: 'new',
      latestSuccessfulSyncId: 'new',
      lastSuccessfulSync: at('2026-11-02T09:30:00Z'),
    })
    expect(later?.kind).toBe('succeeded-since')
    expect(later?.text).toMatch(/^A later pull succeeded on .*nothing to do/)
    expect(later?.latestId).toBe('new')
  })

  it('points at the newest pull when it failed again or is running', () => {
    expect(
      laterOutcome(OLD, { dataType: 'invoices', currentStatus: 'MapError', latestSyncId: 'new' })
        ?.text,
    ).toMatch(/Later pulls did not succeed either; the newest ended in MapError/)
    expect(
      laterOutcome(OLD, { dataType: 'invoices', currentStatus: 'Fetching', latestSyncId: 'new' })
        ?.kind,
    ).toBe('running-now')
  })

  it('leaves the status guidance alone for the newest pull, a success, or no data status', () => {
    const status = { dataType: 'invoices', currentStatus: 'FetchError', latestSyncId: 'old' }
    expect(laterOutcome(OLD, status)).toBeUndefined()
    expect(laterOutcome({ ...OLD, status: 'Complete' }, { ...status, latestSyncId: 'x' })).toBe(
      undefined,
    )
    expect(laterOutcome(OLD, undefined)).toBeUndefined()
  })
})
