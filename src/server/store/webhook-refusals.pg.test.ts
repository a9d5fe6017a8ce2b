// @vitest-environment node
// Refused webhook deliveries on a real PostgreSQL server, named by TEST_DATABASE_URL (`npm run test:pg`).
import { openDatabase } from './database.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'
import { describeRefusalStore } from '../testing/webhook-refusals-contract.ts'

describeRefusalStore('PostgreSQL', () => openDatabase({ databaseUrl: requireTestDatabaseUrl() }))
