// @vitest-environment node
// The rate gate on its own: order, the concurrency, and how it comes back after a 429.
import { describe, expect, it } from 'vitest'
import { createRateGate } from './rate-gate.ts'

const answer = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
})

/** A request the test answers by hand. */
function pending() {
  let settle: (value: { status: number; headers: Headers }) => void = () => undefined
  const promise = new Promise<{ status: number; headers: Headers }>((resolve) => (settle = resolve))
  return { promise, settle }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A gate of 2 slots, far from its per-minute limit, on the test's clock. */
const gateOn = (now: () => number) =>
  createRateGate({ concurrency: 2, perMinute: 1000, quotaReserve: 0.2, now })

describe('rate gate', () => {
  it("keeps Codat's last X-Rate-Limit headers for the bulk dry run, none until they come", async () => {
    const gate = gateOn(() => Date.parse('2026-12-07T10:00:00.000Z'))
    expect(gate.quota()).toBeNull()
    await gate.run(() => Promise.resolve(answer(200)))
    expect(gate.quota()).toBeNull()
    await gate.run(() =>
      Promise.resolve(
        answer(200, {
          'X-Rate-Limit-Limit': '12000',
          'X-Rate-Limit-Remaining': '11000',
          'X-Rate-Limit-Reset': '2026-12-08T00:00:00.000Z',
        }),
      ),
    )
    expect(gate.quota()).toEqual({
      limit: 12000,
      remaining: 11000,
      resetAt: '2026-12-08T00:00:00.000Z',
      seenAt: '2026-12-07T10:00:00.000Z',
    })
  })

  it('never has more in flight than its concurrency, and serves requests in order', async () => {
    const gate = createRateGate({ concurrency: 2, perMinute: 100, quotaReserve: 0.2 })
    const order: number[] = []
    const requests = [0, 1, 2, 3].map(() => pending())
    const runs = requests.map((request, index) =>
      gate.run(() => {
        order.push(index)
        return request.promise
      }),
    )
    await tick()
    expect(order).toEqual([0, 1])
    requests[1]?.settle(answer(200))
    await tick()
    expect(order).toEqual([0, 1, 2])
    expect(gate.inFlight()).toBe(2)
    for (const request of requests) request.settle(answer(200))
    await Promise.all(runs)
    expect(order).toEqual([0, 1, 2, 3])
    expect(gate.peakInFlight()).toBe(2)
  })

  it('after a 429 waits for Retry-After, then sends one at a time and grows back', async () => {
    let clock = 1_000_000
    const gate = createRateGate({
      concurrency: 3,
      perMinute: 1000,
      quotaReserve: 0.2,
      growEvery: 2,
      now: () => clock,
    })
    await gate.run(() => Promise.resolve(answer(429, { 'Retry-After': '0' })))
    expect(gate.window()).toBe(1)
    // Retry-After: 0 still pauses a second (the floor); then only one request goes at a time.
    expect(gate.pausedUntil()?.until).toBe(clock + 1000)
    clock += 1000
    let inFlight = 0
    let peak = 0
    const send = async () => {
      inFlight += 1
      peak = Math.max(peak, inFlight)
      await tick()
      inFlight -= 1
      return answer(200)
    }
    await Promise.all([0, 1].map(() => gate.run(send)))
    expect(peak).toBe(1)
    // Two clean answers per slot open the next one: 1 -> 2 after 2 answers, 2 -> 3 after 4 more.
    expect(gate.window()).toBe(2)
    await Promise.all([0, 1, 2, 3].map(() => gate.run(send)))
    expect(gate.window()).toBe(3)
    expect(peak).toBe(2)
  })

  it('holds every request, a retry first, until the pause ends', async () => {
    const gate = createRateGate({ concurrency: 2, perMinute: 100, quotaReserve: 0.2 })
    const answeredAfter = Date.now()
    await gate.run(() => Promise.resolve(answer(429, { 'Retry-After': '1' })))
    const sent: { what: string; at: number }[] = []
    const send = (what: string) => () => {
      sent.push({ what, at: Date.now() })
      return Promise.resolve(answer(200))
    }
    await Promise.all([gate.run(send('new')), gate.run(send('retry'), { isRetry: true })])
    expect(sent.map((s) => s.what)).toEqual(['retry', 'new'])
    for (const { at } of sent) expect(at - answeredAfter).toBeGreaterThanOrEqual(999)
    expect(gate.pausedUntil()).toBeNull()
  })

  it('backs off longer for each 429 in a row whatever Retry-After says, and starts over after a clean answer', async () => {
    let clock = 1_000_000
    const gate = gateOn(() => clock)
    const pauses: number[] = []
    for (const retryAfter of ['0', '-5', '0', 'soon', '0']) {
      await gate.run(() => Promise.resolve(answer(429, { 'Retry-After': retryAfter })))
      const until = gate.pausedUntil()?.until ?? clock
      pauses.push(until - clock)
      clock = until
    }
    // 0 and -5 get the floor (1 s, 2 s, 4 s, …); an unreadable value waits Codat's minute.
    expect(pauses).toEqual([1000, 2000, 4000, 60_000, 15_000])
    await gate.run(() => Promise.resolve(answer(200)))
    await gate.run(() => Promise.resolve(answer(429, { 'Retry-After': '0' })))
    expect((gate.pausedUntil()?.until ?? clock) - clock).toBe(1000)
  })

  it('never pauses longer than 25 hours, whatever Codat sends', async () => {
    const clock = Date.parse('2026-12-06T12:00:00Z')
    const limit = 25 * 3_600_000
    const cases: Record<string, string>[] = [
      { 'Retry-After': 'Wed, 01 Jan 3000 00:00:00 GMT' },
      { 'Retry-After': '99999999999' },
      {
        'X-Rate-Limit-Limit': '1000',
        'X-Rate-Limit-Remaining': '1',
        'X-Rate-Limit-Reset': '99999999999999',
      },
      {
        'X-Rate-Limit-Limit': '1000',
        'X-Rate-Limit-Remaining': '1',
        'X-Rate-Limit-Reset': '9999-12-31T00:00:00Z',
      },
    ]
    for (const headers of cases) {
      const gate = gateOn(() => clock)
      await gate.run(() => Promise.resolve(answer(headers['Retry-After'] ? 429 : 200, headers)))
      const pause = gate.pausedUntil()
      expect(pause, JSON.stringify(headers)).not.toBeNull()
      expect((pause?.until ?? 0) - clock, JSON.stringify(headers)).toBeLessThanOrEqual(limit)
      expect(new Date(pause?.until ?? NaN).toISOString()).toMatch(/^2026-12-0[67]T/)
      gate.close()
    }
    // A webhook's expiryDate goes through pause() and is held to the same bound.
    const gate = gateOn(() => clock)
    gate.pause(clock + 400 * 86_400_000, 'quota')
    expect((gate.pausedUntil()?.until ?? 0) - clock).toBe(limit)
    gate.close()
  })
})
