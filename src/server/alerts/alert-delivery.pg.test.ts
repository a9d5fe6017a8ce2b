// @vitest-environment node
// Alert delivery on a real PostgreSQL server, named by TEST_DATABASE_URL (`npm run test:pg`): two processes' pools on one database.
import { openDatabase } from '../store/database.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'
import { describeAlertDelivery } from '../testing/alert-delivery-contract.ts'

const open = () => openDatabase({ databaseUrl: requireTestDatabaseUrl() })
describeAlertDelivery('PostgreSQL', open, open)
