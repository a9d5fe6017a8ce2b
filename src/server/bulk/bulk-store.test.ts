// @vitest-environment node
// The bulk refresh store on the embedded database (PGlite in memory).
import { openDatabase } from '../store/database.ts'
import { describeBulkStore } from '../testing/bulk-store-contract.ts'

describeBulkStore('the embedded database', () => openDatabase({ memory: true }))
