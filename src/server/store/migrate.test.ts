// @vitest-environment node
// Migrations on the embedded database (PGlite in memory).
import { openDatabase } from './database.ts'
import { describeMigrations } from '../testing/migrate-contract.ts'

describeMigrations('the embedded database', () => openDatabase({ memory: true }))
