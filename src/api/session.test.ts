import { describe, expect, it } from 'vitest'
import { DEMO_SESSION, getSession, refreshBlockedReason, sessionSchema } from './session.ts'

describe('session', () => {
  it('reads the proxy answer and ignores fields it does not know', () => {
    const session = sessionSchema.parse({
      user: 'vera',
      role: 'viewer',
      readOnly: false,
      mode: 'live',
      issuedAt: 'later',
    })
    expect(session).toEqual({ user: 'vera', role: 'viewer', readOnly: false, mode: 'live' })
  })

  it('the demo needs no proxy: everything the simulation allows is allowed', async () => {
    await expect(getSession()).resolves.toEqual(DEMO_SESSION)
    expect(refreshBlockedReason(DEMO_SESSION)).toBeUndefined()
  })

  it('explains why refresh is blocked for a viewer and for a read-only console', () => {
    const live = { user: 'vera', readOnly: false, mode: 'live' } as const
    expect(refreshBlockedReason({ ...live, role: 'viewer' })).toBe(
      'Signed in as vera with the viewer role: only operators can refresh.',
    )
    expect(refreshBlockedReason({ ...live, role: 'operator' })).toBeUndefined()
    expect(refreshBlockedReason({ ...live, role: 'operator', readOnly: true })).toMatch(
      /^Read-only console/,
    )
    expect(refreshBlockedReason(undefined)).toBeUndefined()
  })
})
