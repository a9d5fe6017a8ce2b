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
