// @vitest-environment node
// Migrations on a real PostgreSQL server, named by TEST_DATABASE_URL (`npm run test:pg`).
import { openDatabase } from './database.ts'
import { describeMigrations } from '../testing/migrate-contract.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'

describeMigrations('PostgreSQL', () => openDatabase({ databaseUrl: requireTestDatabaseUrl() }))
