import { describe, expect, it } from 'vitest'
import { scanBlockedReason } from './scan-permission.ts'

describe('scanBlockedReason', () => {
  it('lets operators and an open console scan', () => {
    expect(
      scanBlockedReason({ user: 'otto', role: 'operator', readOnly: false, mode: 'live' }),
    ).toBeUndefined()
    expect(
      scanBlockedReason({ user: null, role: null, readOnly: false, mode: 'demo' }),
    ).toBeUndefined()
  })

  it('tells a viewer and a read-only console why not', () => {
    expect(
      scanBlockedReason({ user: 'vera', role: 'viewer', readOnly: false, mode: 'live' }),
    ).toMatch(/vera with the viewer role: only operators can start a scan/)
    expect(
      scanBlockedReason({ user: 'otto', role: 'operator', readOnly: true, mode: 'live' }),
    ).toMatch(/Read-only console/)
  })

  it('waits for the session before offering the button', () => {
    expect(scanBlockedReason(undefined)).toMatch(/Checking/)
  })
})
