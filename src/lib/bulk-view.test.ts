import { describe, expect, it } from 'vitest'
import { emptyBulkCounts } from './bulk-refresh.ts'
import { progressOf, quotaShareText, sendingTimeText, skipSummary } from './bulk-view.ts'

describe('bulk refresh in words', () => {
  it('says the quota share is unknown, never 0, before Codat’s limits were seen', () => {
    expect(quotaShareText(null)).toBe('unknown: Codat’s limits not seen yet')
    expect(quotaShareText(0)).toBe('0.0 % of today’s Codat quota')
    expect(quotaShareText(0.0004)).toBe('under 0.1 % of today’s Codat quota')
    expect(quotaShareText(0.034)).toBe('3.4 % of today’s Codat quota')
    expect(quotaShareText(0.42)).toBe('42 % of today’s Codat quota')
  })

  it('gives sending time at the current limits', () => {
    expect(sendingTimeText(0)).toBe('at once')
    expect(sendingTimeText(32)).toBe('about 32 s')
    expect(sendingTimeText(400)).toBe('about 6 min 40 s')
  })

  it('lists skips most first, in the model’s words, leaving out reasons with none', () => {
    expect(skipSummary({ 'in-progress': 2, 'needs-relink': 14, 'not-supported': 0 })).toEqual([
      { reason: 'needs-relink', count: 14, words: 'needs a relink first' },
      { reason: 'in-progress', count: 2, words: 'already in progress' },
    ])
  })

  it('counts ended items out of all of them', () => {
    const counts = { ...emptyBulkCounts(), queued: 3, sending: 1, running: 2, done: 5, failed: 1 }
    expect(progressOf(counts)).toEqual({ ended: 6, total: 12 })
  })
})
