import { describe, expect, it } from 'vitest'
import { PULL_OPERATION_STATUSES } from '../../lib/status-groups.ts'
import { guidanceFor } from './status-guidance.ts'

describe('guidanceFor', () => {
  it.each([
    ['Complete', 'none', /Nothing to do/],
    ['Fetching', 'watch', /re-reads the operation every 2 s/],
    ['AuthError', 'relink', /relink the connection/],
    ['NotSupported', 'none', /same answer/],
    ['FetchError', 'retry-later', /again later.*contact Codat support/],
    ['InternalError', 'contact-support', /contact Codat support/],
    ['PermissionsError', 'relink', /grant access/],
  ])('%s → %s', (status, kind, text) => {
    const { next } = guidanceFor({ status })
    expect(next.kind).toBe(kind)
    expect(next.text).toMatch(text)
  })

  it('gives every current status a meaning and a next step', () => {
    for (const status of PULL_OPERATION_STATUSES) {
      const guidance = guidanceFor({ status })
      expect(guidance.meaning, status).not.toBe('')
      expect(guidance.next.text, status).not.toBe('')
    }
  })

  it('waits until the time in a RateLimitError description', () => {
    const { next } = guidanceFor({
      status: 'RateLimitError',
      statusDescription: 'Paused until 2022-10-23T00:00:00.000Z',
    })
    expect(next).toMatchObject({ kind: 'wait', until: { epochMs: Date.UTC(2022, 9, 23) } })
  })

  it('passes a RateLimitError description without a timestamp on as Codat wrote it', () => {
    const { next } = guidanceFor({
      status: 'RateLimitError',
      statusDescription: 'Paused until the quota resets',
    })
    expect(next).toMatchObject({ kind: 'wait', said: 'Paused until the quota resets' })
    expect(next.kind === 'wait' && next.until).toBeFalsy()
  })

  it('admits a status it does not know', () => {
    expect(guidanceFor({ status: 'Teleporting' }).meaning).toContain('"Teleporting"')
  })
})
