// @vitest-environment node
// The fleet store on a real PostgreSQL server, named by TEST_DATABASE_URL (`npm run test:pg`).
import { openDatabase } from './database.ts'
import { describeFleetStore } from '../testing/fleet-store-contract.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'

describeFleetStore('PostgreSQL', () => openDatabase({ databaseUrl: requireTestDatabaseUrl() }))
