import { describe, expect, it } from 'vitest'
import { describeProblem } from './health-look.ts'

const NOW = Date.parse('2026-06-10T12:00:00Z')
const problem = {
  dataType: 'invoices',
  health: 'failing' as const,
  status: 'FetchError',
  since: '2026-06-08T12:00:00Z',
  failuresInARow: 3,
}

describe('describeProblem', () => {
  it('says a failing type as the "Why?" panel does: what, how often, since when', () => {
    expect(describeProblem(problem, NOW, { timeZone: 'UTC' })).toBe(
      'invoices: FetchError, 3 failures in a row since 8 Jun 2026, 12:00 UTC',
    )
    expect(describeProblem(problem, NOW, { timeZone: 'Europe/London' })).toBe(
      'invoices: FetchError, 3 failures in a row since 8 Jun 2026, 13:00 BST',
    )
  })

  it('leaves out what is not known', () => {
    expect(describeProblem({ ...problem, since: null, failuresInARow: 1 }, NOW)).toBe(
      'invoices: FetchError, failed once',
    )
    expect(describeProblem({ ...problem, since: null, failuresInARow: null }, NOW)).toBe(
      'invoices: FetchError, failing',
    )
  })

  it('names stale and never-synced types by their health', () => {
    expect(
      describeProblem(
        { ...problem, health: 'stale', status: 'Complete', failuresInARow: null },
        NOW,
      ),
    ).toBe('invoices: stale for 2 days')
    expect(
      describeProblem(
        { ...problem, health: 'never_synced', status: null, since: null, failuresInARow: null },
        NOW,
      ),
    ).toBe('invoices: never synced')
  })

  it('says a connection waits for the end user, and that it needs a relink', () => {
    const connection = {
      dataType: 'Xero connection',
      health: 'needs_relink' as const,
      status: 'PendingAuth',
      since: null,
      failuresInARow: null,
    }
    expect(describeProblem(connection, NOW)).toBe('Xero connection: pending authorisation — relink')
    expect(describeProblem({ ...connection, status: 'Deauthorized' }, NOW)).toBe(
      'Xero connection: deauthorised — relink',
    )
  })
})
