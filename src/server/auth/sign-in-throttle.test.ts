// @vitest-environment node
// The sign-in throttle on its own: free attempts, growing back-off, given-back successes, the reserved lane.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSignInThrottle, FREE_ATTEMPTS, type SignInThrottle } from './sign-in-throttle.ts'

let throttle: SignInThrottle

async function attempt(name: string, address: string, result: 'ok' | 'failed' = 'failed') {
  const decision = await throttle.begin(name, address)
  if (decision.kind === 'go') await decision.finish(result)
  return decision
}

beforeEach(() => {
  vi.useFakeTimers()
  throttle = createSignInThrottle()
})
afterEach(() => vi.useRealTimers())

describe('the sign-in throttle', () => {
  it('lets an address fail a few times, then backs off 1 s, 2 s, 4 s with one try each time', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) {
      expect((await attempt(`guess${i}`, '203.0.113.9')).kind).toBe('go')
    }
    const waits: number[] = []
    for (let round = 0; round < 3; round += 1) {
      const refused = await attempt('guess', '203.0.113.9')
      expect(refused.kind).toBe('wait')
      const seconds = refused.kind === 'wait' ? refused.retryAfterSeconds : 0
      waits.push(seconds)
      vi.advanceTimersByTime(seconds * 1000 + 10)
      expect((await attempt('guess', '203.0.113.9')).kind).toBe('go')
    }
    expect(waits).toEqual([1, 2, 4])
    // Another address is not held back by this one.
    expect((await attempt('guess', '198.51.100.7')).kind).toBe('go')
  })

  it('counts attempts before they are checked, so parallel guesses cannot overrun the allowance', async () => {
    const decisions = await Promise.all(
      Array.from({ length: 50 }, (_, i) => throttle.begin(`guess${i}`, '203.0.113.9')),
    )
    expect(decisions.filter((decision) => decision.kind === 'go')).toHaveLength(FREE_ATTEMPTS)
  })

  it('gives a successful attempt back, so a busy office is never throttled for signing in', async () => {
    for (let i = 0; i < FREE_ATTEMPTS * 3; i += 1) {
      expect((await attempt(`user${i}`, '192.0.2.1', 'ok')).kind).toBe('go')
    }
  })

  it('keeps a reserved lane for a name that signed in from this address, whatever floods that name', async () => {
    expect(await attempt('olivia', '192.0.2.1', 'ok')).toMatchObject({ lane: 'general' })
    for (let i = 0; i < FREE_ATTEMPTS + 5; i += 1) await attempt('olivia', `203.0.113.${i}`)
    expect((await attempt('olivia', '198.51.100.7')).kind).toBe('wait')
    const again = await throttle.begin('olivia', '192.0.2.1')
    expect(again).toMatchObject({ kind: 'go', lane: 'reserved' })
  })
})
