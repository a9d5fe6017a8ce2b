// Test-only: the SQL fleet query answers every shared case exactly as the in-memory reference does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fleetParamsObject, fleetQuerySchema, resolveFleetQuery } from '../../api/fleet-schemas.ts'
import {
  FLEET_CASE_ROWS,
  FLEET_CASE_SUMMARY,
  FLEET_QUERY_CASES,
} from '../../lib/fleet-query-cases.ts'
import { queryFleetRows } from '../../lib/fleet-query.ts'
import type { CompanyRecord, FleetRow } from '../../lib/fleet-row.ts'
import type { Database } from '../store/database.ts'
import { createFleetStore, type FleetStore } from '../store/fleet-store.ts'
import { migrate } from '../store/migrate.ts'

/** A case row as the scanner would have written it. */
function record(row: FleetRow): CompanyRecord {
  return {
    id: row.id,
    name: row.name,
    health: row.health,
    connections: row.platforms.map((platformName, index) => ({
      id: `${row.id}-${index}`,
      platformName,
      sourceType: 'Accounting',
      status: 'Linked',
      lastSync: row.oldestLastSuccessfulSync,
    })),
    dataTypes: [],
    problems: row.problems,
    platforms: row.platforms,
    oldestLastSuccessfulSync: row.oldestLastSuccessfulSync,
    readAt: row.readAt,
    hasInProgress: row.health === 'in_progress',
  }
}

export function describeFleetQueryCases(label: string, open: () => Promise<Database>): void {
  describe(`the fleet query on ${label} over the shared cases`, () => {
    let db: Database
    let store: FleetStore
    beforeAll(async () => {
      db = await open()
      await migrate(db)
      await db.query(
        'TRUNCATE fleet_companies, fleet_health_changes, fleet_webhook_deliveries, fleet_state, fleet_reread_queue CASCADE',
      )
      store = createFleetStore(db)
      await store.writeCompanies(FLEET_CASE_ROWS.map(record), [])
      // Creating an embedded cluster takes a few seconds, more on a busy machine.
    }, 90_000)
    afterAll(() => db.close())

    it.each(FLEET_QUERY_CASES)('$name', async ({ query, ids, totalResults }) => {
      const resolved = resolveFleetQuery(
        fleetQuerySchema.parse(fleetParamsObject(new URLSearchParams(query))),
      )
      const page = await store.query(resolved)
      expect(page.companies.results.map((row) => row.id)).toEqual(ids)
      expect(page.companies.totalResults).toBe(totalResults)
      // The whole answer, row by row, is the in-memory one.
      expect(page.companies).toEqual(queryFleetRows(FLEET_CASE_ROWS, resolved))
      expect(page.summary).toEqual(FLEET_CASE_SUMMARY)
    })
  })
}
