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

describe('rate gate', () => {
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
    clock += 10
    // Retry-After: 0 means at once; now only one request goes at a time.
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
})
