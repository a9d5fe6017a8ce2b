// End-to-end tests of live mode: the production build served by `npm start` (the proxy holds the
// key) against the simulated Codat over real HTTP (`npm run sim`), in Chromium.
import { defineConfig } from '@playwright/test'
import { formatUserEntry } from './src/server/auth/console-users.ts'
import { chromiumUse } from './e2e/support/chromium.ts'

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback)
const openPort = port('E2E_LIVE_PORT', 4611)
export const LIVE = {
  simPort: port('E2E_SIM_PORT', 4610),
  /** Anonymous console on loopback: everyone may refresh. */
  openPort,
  /** Console with sign-in: a viewer and an operator. */
  usersPort: port('E2E_USERS_PORT', 4612),
  /** Console with CONSOLE_READ_ONLY=1. */
  readOnlyPort: port('E2E_READONLY_PORT', 4613),
  /**
   * A console and a simulation that the fleet spec starts, stops and restarts itself (webhooks
   * between them, a restart on the same store); next to the open console's port unless set.
   */
  fleetConsolePort: port('E2E_FLEET_CONSOLE_PORT', openPort + 9),
  fleetSimPort: port('E2E_FLEET_SIM_PORT', openPort + 10),
  /** The key the simulation insists on; it must never reach the browser. */
  apiKey: 'e2e-live-secret-key-5f0c2a',
  viewer: { username: 'vera', password: 'viewer-password-123' },
  operator: { username: 'otto', password: 'operator-password-456' },
}

const users = [
  await formatUserEntry(LIVE.viewer.username, 'viewer', LIVE.viewer.password),
  await formatUserEntry(LIVE.operator.username, 'operator', LIVE.operator.password),
].join(',')

/** `npm test` builds once for every layer and sets E2E_PREBUILT=1; alone, the config builds. */
const build = process.env.E2E_PREBUILT ? '' : 'npx vite build --logLevel warn && '
const upstream = `CODAT_BASE_URL=http://127.0.0.1:${LIVE.simPort} CODAT_API_KEY=${LIVE.apiKey}`
// Each console keeps its fleet in a store of its own, fresh for every run.
const fleetDir = (port: number) => `test-results/live-fleet-${port}`
const start = (port: number, extra = '') =>
  `rm -rf ${fleetDir(port)} && env HOST=127.0.0.1 PORT=${port} FLEET_DATA_DIR=${fleetDir(port)} ` +
  `${upstream} ${extra} node --import tsx src/server/start.ts`

export default defineConfig({
  testDir: './e2e/live',
  outputDir: process.env.E2E_RESULTS_DIR ?? './test-results/live',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    [process.env.CI ? 'line' : 'list'],
    ['json', { outputFile: process.env.E2E_JSON ?? '.reports/e2e-live.json' }],
  ],
  projects: [
    { name: 'live', use: { ...chromiumUse, baseURL: `http://127.0.0.1:${LIVE.openPort}` } },
  ],
  webServer: [
    {
      command: `env SIM_PORT=${LIVE.simPort} SIM_API_KEY=${LIVE.apiKey} npx tsx src/mocks/sim-cli.ts`,
      // Answers 401 without a key: enough to know it listens.
      url: `http://127.0.0.1:${LIVE.simPort}/companies`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The production build, exactly as ops would run it: `npm run build && npm start`.
      command: `${build}${start(LIVE.openPort)}`,
      url: `http://127.0.0.1:${LIVE.openPort}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: start(LIVE.usersPort, `CONSOLE_USERS=${users}`),
      url: `http://127.0.0.1:${LIVE.usersPort}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: start(LIVE.readOnlyPort, 'CONSOLE_READ_ONLY=1'),
      url: `http://127.0.0.1:${LIVE.readOnlyPort}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
})
