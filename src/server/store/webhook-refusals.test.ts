// @vitest-environment node
// Refused webhook deliveries on the embedded database (PGlite in memory).
import { openDatabase } from './database.ts'
import { describeRefusalStore } from '../testing/webhook-refusals-contract.ts'

describeRefusalStore('the embedded database', () => openDatabase({ memory: true }))
