// @vitest-environment node
// The demo's fleet is what the scanner writes to PostgreSQL (TEST_DATABASE_URL, `npm run test:pg`) for the same world.
import { openDatabase } from '../store/database.ts'
import { createFleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'
import { describeDemoFleetContract } from '../testing/demo-fleet-contract.ts'

describeDemoFleetContract('PostgreSQL', async () => {
  const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await resetTestDatabase(db)
  await migrate(db)
  return createFleetStore(db)
})
