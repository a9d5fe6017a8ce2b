// End-to-end tests of the static demo in Chromium: the simulated Codat runs in the browser.
// The live console behind the proxy has its own config: playwright.live.config.ts.
import { defineConfig } from '@playwright/test'
import { chromiumUse } from './e2e/support/chromium.ts'

const DEMO_PORT = Number(process.env.E2E_DEMO_PORT ?? 4173)
/** The same demo build on a plain static host under a sub-path. */
export const SUBPATH_PORT = Number(process.env.E2E_SUBPATH_PORT ?? 4174)
/** Overridable so that several runs can share one checkout without clobbering each other. */
const DEMO_OUT = process.env.E2E_OUT_DIR ?? 'dist-demo'
/** `npm test` builds once for every layer and sets E2E_PREBUILT=1; alone, the config builds. */
const build = process.env.E2E_PREBUILT
  ? ''
  : `npx vite build --mode demo --outDir ${DEMO_OUT} --logLevel warn && `

export default defineConfig({
  testDir: './e2e/demo',
  outputDir: process.env.E2E_RESULTS_DIR ?? './test-results/demo',
  // Every test has a browser context of its own, and the simulation runs in the page and keeps
  // its world in that context's storage: tests share nothing, so E2E_WORKERS=2 or more run them
  // side by side. One by default, for a run of its own on a small machine; `npm test` runs two,
  // because many of these tests wait on simulated pulls rather than compute (on two cores beside
  // the other layers: 501 s with two, 674 s with one).
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [
    [process.env.CI ? 'line' : 'list'],
    ['json', { outputFile: process.env.E2E_JSON ?? '.reports/e2e.json' }],
  ],
  projects: [{ name: 'demo', use: { ...chromiumUse, baseURL: `http://127.0.0.1:${DEMO_PORT}` } }],
  webServer: [
    {
      command: `${build}npx vite preview --mode demo --outDir ${DEMO_OUT} --host 127.0.0.1 --port ${DEMO_PORT} --strictPort`,
      url: `http://127.0.0.1:${DEMO_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      command: `npx tsx e2e/support/static-server.ts ${DEMO_OUT} /console/ ${SUBPATH_PORT}`,
      url: `http://127.0.0.1:${SUBPATH_PORT}/console/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
})
