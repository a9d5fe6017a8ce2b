// Test-only: the PostgreSQL the `.pg.test.ts` files run against; without one they fail, never pass quietly.
export function requireTestDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set. These tests need a PostgreSQL database they may empty, e.g. ' +
        'TEST_DATABASE_URL=postgres://user:password@127.0.0.1:5432/fleet_test npm run test:pg',
    )
  return url
}

/** Empties the test database: every table and function the migrations made, whatever their number. */
export async function resetTestDatabase(db: {
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>
}): Promise<void> {
  const tables = await db.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'",
  )
  if (tables.length > 0)
    await db.query(`DROP TABLE IF EXISTS ${tables.map((t) => t.name).join(', ')} CASCADE`)
  const functions = await db.query<{ name: string }>(
    `SELECT p.oid::regprocedure::text AS name FROM pg_proc p
     JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
  )
  for (const fn of functions) await db.query(`DROP FUNCTION IF EXISTS ${fn.name} CASCADE`)
}
