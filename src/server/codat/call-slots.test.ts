// @vitest-environment node
// Calls in flight per key: a cap, an ordered bounded queue, expiry, and callers that leave.
import { describe, expect, it } from 'vitest'
import { createCallSlots, type SlotResult } from './call-slots.ts'

function release(result: SlotResult): void {
  if (result.kind !== 'granted') throw new Error(`expected a slot, got ${result.kind}`)
  result.release()
}

describe('createCallSlots', () => {
  it('grants up to the cap per key, queues in order, and refuses beyond the queue', async () => {
    const slots = createCallSlots(2, 1)
    const first = await slots.acquire('alice', 1000)
    const second = await slots.acquire('alice', 1000)
    const third = slots.acquire('alice', 1000)
    expect(await slots.acquire('alice', 1000)).toEqual({
      kind: 'queue-full',
      inFlight: 2,
      queued: 1,
    })
    // Another key has its own share.
    expect((await slots.acquire('bob', 1000)).kind).toBe('granted')
    release(first)
    const turn = await third
    expect(turn).toMatchObject({ kind: 'granted', waitedMs: expect.any(Number) as unknown })
    release(second)
    release(turn)
  })

  it('gives up on a wait that passes its limit, and frees the place of a caller who left', async () => {
    const slots = createCallSlots(1, 1)
    const held = await slots.acquire('alice', 1000)
    const expired = await slots.acquire('alice', 50)
    expect(expired.kind).toBe('expired')
    expect(expired.kind === 'expired' && expired.waitedMs).toBeGreaterThanOrEqual(45)

    const gone = new AbortController()
    const leaving = slots.acquire('alice', 1000, gone.signal)
    gone.abort()
    expect(await leaving).toEqual({ kind: 'cancelled' })
    // The queue place is free again, and the slot goes to the one still waiting.
    const waiting = slots.acquire('alice', 1000)
    release(held)
    expect((await waiting).kind).toBe('granted')
  })
})
