// @vitest-environment node
// The fleet store on a real PostgreSQL server, named by TEST_DATABASE_URL (`npm run test:pg`).
import { openDatabase } from './database.ts'
import { describeFleetStore } from './fleet-store-contract.ts'
import { requireTestDatabaseUrl } from './test-database-url.ts'

describeFleetStore('PostgreSQL', () => openDatabase({ databaseUrl: requireTestDatabaseUrl() }))
