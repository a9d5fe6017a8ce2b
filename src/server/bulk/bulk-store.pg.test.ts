// @vitest-environment node
// The bulk refresh store on a real PostgreSQL server, named by TEST_DATABASE_URL (`npm run test:pg`).
import { openDatabase } from '../store/database.ts'
import { describeBulkStore } from '../testing/bulk-store-contract.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'

describeBulkStore('PostgreSQL', () => openDatabase({ databaseUrl: requireTestDatabaseUrl() }))
