// @vitest-environment node
// The demo's fleet is what the scanner writes to the embedded database (PGlite in memory) for the same world.
import { openDatabase } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { describeDemoFleetContract } from '../testing/demo-fleet-contract.ts'

describeDemoFleetContract('the embedded database', async () => {
  const db = await openDatabase({ memory: true })
  await migrate(db)
  return createFleetStore(db)
})
