// @vitest-environment node
// The fleet store on the embedded database (PGlite in memory).
import { openDatabase } from './database.ts'
import { describeFleetStore } from '../testing/fleet-store-contract.ts'

describeFleetStore('the embedded database', () => openDatabase({ memory: true }))
