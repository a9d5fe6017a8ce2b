// @vitest-environment node
// The fleet query on the embedded database (PGlite in memory) against the shared cases.
import { openDatabase } from './database.ts'
import { describeFleetQueryCases } from '../testing/fleet-query-contract.ts'

describeFleetQueryCases('the embedded database', () => openDatabase({ memory: true }))
