// @vitest-environment node
// Alert delivery on the embedded database (PGlite in memory).
import { beforeEach } from 'vitest'
import { server } from '../../mocks/node.ts'
import { openDatabase } from '../store/database.ts'
import { allowLoopback } from '../testing/test-harness.ts'
import { describeAlertDelivery } from '../testing/alert-delivery-contract.ts'

// The receivers are real local servers: requests to them pass the simulation by.
beforeEach(() => allowLoopback(server))

describeAlertDelivery('the embedded database', () => openDatabase({ memory: true }))
