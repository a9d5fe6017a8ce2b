// Unit tests that need a real PostgreSQL (TEST_DATABASE_URL): `npm run test:pg`, one file at a time.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.pg.test.ts'],
    fileParallelism: false,
    hookTimeout: 90_000,
    testTimeout: 60_000,
  },
})
