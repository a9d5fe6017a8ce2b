// @vitest-environment node
// The fleet query on a real PostgreSQL server (TEST_DATABASE_URL, `npm run test:pg`) against the shared cases.
import { openDatabase } from './database.ts'
import { describeFleetQueryCases } from '../testing/fleet-query-contract.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'

describeFleetQueryCases('PostgreSQL', () => openDatabase({ databaseUrl: requireTestDatabaseUrl() }))
