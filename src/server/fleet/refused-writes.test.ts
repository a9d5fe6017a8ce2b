// @vitest-environment node
// A scanner whose store refuses every write (its lock is gone) reports it and stops; nothing is left unhandled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node.ts'
import { openDatabase, LockLostError } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { allowLoopback } from '../testing/test-harness.ts'
import { startFleetRig, type FleetRig } from '../testing/test-fleet.ts'

let rig: FleetRig | undefined
beforeEach(() => allowLoopback(server))
afterEach(async () => {
  await rig?.close()
  rig = undefined
})

describe('a scanner whose writes are refused', () => {
  it('reports the refused writes instead of leaving a rejection unhandled', async () => {
    const db = await openDatabase({ memory: true })
    await migrate(db)
    const real = createFleetStore(db)
    const refused = () => Promise.reject(new LockLostError(7361002))
    const store = { ...real, writeCompanies: refused }
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      rig = await startFleetRig({ store })
      await rig.scanner.start()
      const end = Date.now() + 20_000
      const ended = () => rig?.logs.some((line) => /"scan-(failed|completed)"/.test(line)) ?? false
      while (!ended() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50))
      // Whatever reads were under way finish and try to write.
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(ended()).toBe(true)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  }, 60_000)
})
