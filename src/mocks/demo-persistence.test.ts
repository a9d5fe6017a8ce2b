// The demo world survives a reload: what changed round-trips through storage, the seed is rebuilt.
import { describe, expect, it } from 'vitest'
import {
  clearWorld,
  DEMO_STORAGE_KEY,
  deserializeWorld,
  loadWorld,
  saveWorld,
  serializeWorld,
  type KeyValueStore,
} from './demo-persistence.ts'
import { createManualClock } from './manual-clock.ts'
import { SEED } from './seed.ts'
import { createWorld } from './world.ts'

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  }
}

describe('demo persistence', () => {
  it('restores refreshes, faults, options and the clock into an identical world', () => {
    const clock = createManualClock()
    const store = memoryStore()
    const world = createWorld({ now: clock.now })
    world.subscribe(() => saveWorld(store, world.snapshot()))
    const healthy = world.company(SEED.healthy.id)
    const big = world.company(SEED.bigHistory.id)
    if (!healthy || !big) throw new Error('seed missing')
    world.refreshAll(healthy)
    world.queue(big, 'invoices')
    world.setFault({ mode: 'slow', delayMs: 500, remaining: 3 })
    world.setOptions({ omitDataConnections: true })
    world.advance(4000)
    clock.advance(60 * 60 * 1000)

    const restored = loadWorld(store)
    expect(restored).toEqual(world.snapshot())
    const again = createWorld({ now: clock.now, ...(restored && { restore: restored }) })
    for (const id of [SEED.healthy.id, SEED.bigHistory.id]) {
      expect(again.operations(id)).toEqual(world.operations(id))
      expect(again.dataStatus(again.company(id) ?? healthy)).toEqual(
        world.dataStatus(world.company(id) ?? healthy),
      )
    }
    expect(again.fault).toEqual({ mode: 'slow', delayMs: 500, remaining: 3 })
    expect(again.options).toEqual({ omitDataConnections: true })
    expect(again.now()).toBe(world.now())
  })

  it('stores only what changed, never the thousands of generated rows', () => {
    const world = createWorld({ now: createManualClock().now })
    const text = serializeWorld(world.snapshot())
    expect(text.length).toBeLessThan(300)
    expect(world.operations(SEED.bigHistory.id).length).toBeGreaterThan(6000)
  })

  it('ignores unreadable or foreign state, and clears on request', () => {
    for (const text of [null, '{', '[]', '{"version":2}', '{"version":1,"origin":"x"}']) {
      expect(deserializeWorld(text)).toBeUndefined()
    }
    const store = memoryStore()
    saveWorld(store, createWorld().snapshot())
    expect(store.data.has(DEMO_STORAGE_KEY)).toBe(true)
    clearWorld(store)
    expect(loadWorld(store)).toBeUndefined()
  })
})
