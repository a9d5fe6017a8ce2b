// @vitest-environment node
// The fleet store on the embedded database (PGlite in memory).
import { openDatabase } from './database.ts'
import { describeFleetStore } from './fleet-store-contract.ts'

describeFleetStore('the embedded database', () => openDatabase({ memory: true }))
