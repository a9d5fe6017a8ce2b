import { describe, expect, it } from 'vitest'
import { parseCodatDate } from './dates.ts'
import { judgeRunningPull, NO_PROGRESS_MS, STUCK_FLOOR_MS } from './stuck-pull.ts'

const NOW = Date.UTC(2026, 10, 28, 12)
const MINUTE = 60_000
const pull = (minutesAgo: number) => ({
  id: 'op',
  requested: parseCodatDate(new Date(NOW - minutesAgo * MINUTE).toISOString())!,
})
const polls = (progresses: number[], everyMs: number) =>
  progresses.map((progress, i) => ({
    operationId: 'op',
    atMs: NOW - (progresses.length - 1 - i) * everyMs,
    progress,
  }))

describe('judgeRunningPull', () => {
  it('uses three times the p95, never less than the floor', () => {
    expect(judgeRunningPull(pull(31), undefined, [], NOW)).toMatchObject({
      isStuck: true,
      reason: 'too-long',
      limitMs: STUCK_FLOOR_MS,
    })
    expect(judgeRunningPull(pull(29), 1 * MINUTE, [], NOW).isStuck).toBe(false)
    expect(judgeRunningPull(pull(50), 20 * MINUTE, [], NOW)).toMatchObject({
      isStuck: false,
      limitMs: 60 * MINUTE,
    })
  })

  it('needs the latest polls to agree for long enough, over enough polls', () => {
    const flat = polls([10, 10, 10, 10], 2 * MINUTE)
    expect(judgeRunningPull(pull(10), undefined, flat, NOW)).toMatchObject({
      reason: 'no-progress',
      progress: 10,
      unchangedForMs: 6 * MINUTE,
    })
    // Moved recently: only the trailing stretch counts.
    const moved = polls([10, 10, 10, 20, 20], 2 * MINUTE)
    expect(judgeRunningPull(pull(10), undefined, moved, NOW).isStuck).toBe(false)
    // Back to an earlier value is still movement.
    const back = polls([10, 20, 10, 10], 2 * MINUTE)
    expect(judgeRunningPull(pull(10), undefined, back, NOW).isStuck).toBe(false)
    // Two polls are not enough, however far apart.
    expect(
      judgeRunningPull(pull(10), undefined, polls([5, 5], NO_PROGRESS_MS * 2), NOW).isStuck,
    ).toBe(false)
    // Polls of another pull are ignored.
    const other = flat.map((s) => ({ ...s, operationId: 'other' }))
    expect(judgeRunningPull(pull(10), undefined, other, NOW).isStuck).toBe(false)
  })
})
