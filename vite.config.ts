// Build, dev server and unit-test configuration.
import react from '@vitejs/plugin-react'
import { loadEnv } from 'vite'
import { defineConfig } from 'vitest/config'
import { simulationFilesPlugin } from './src/server/dev/simulation-files-plugin.ts'
import { consoleProxyPlugin } from './src/server/dev/vite-plugin.ts'

/** Tests that need no DOM: the pure modules shared by browser and server, and the server. */
const LIB_TESTS = ['src/lib/**/*.test.ts']
const SERVER_TESTS = ['src/server/**/*.test.ts']
/** The simulated Codat behind every request, and Testing Library in a DOM. */
const SETUP = ['./src/test/setup.ts']

export default defineConfig(({ command, mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), ''), ...process.env }
  const hasKey = Boolean(env.CODAT_API_KEY || env.CODAT_AUTH_HEADER)
  // Demo = the simulated Codat runs in the browser (msw). `--mode demo` builds the static demo;
  // `npm run dev` without a key is the demo too. Any other build talks to the proxy at /api.
  const isDemo = mode === 'demo' || (command === 'serve' && mode !== 'production' && !hasKey)
  return {
    // Relative asset URLs let the static demo (hash routing) be served from any sub-path. The live
    // console uses real paths, so a deep link like /companies/<id> must find /assets/ at the root.
    base: isDemo ? './' : '/',
    define: { __DEMO__: JSON.stringify(isDemo) },
    // The same proxy module as `npm start`: it holds the key; the browser only sees /api. The
    // simulation's service worker goes only into the demo.
    plugins: [react(), consoleProxyPlugin(), simulationFilesPlugin(isDemo)],
    // The demo's simulated Codat (msw, the world, its fleet, alerts and bulk runs, and the OpenAPI
    // subset its answers are checked against) is one chunk of about 500 kB (185 kB gzipped),
    // loaded only by the demo and after the console's own code; the budgets check what users load.
    build: { chunkSizeWarningLimit: isDemo ? 640 : 500 },
    test: {
      // These need a PostgreSQL server: `npm run test:pg` (vitest.pg.config.ts) runs them.
      exclude: ['src/**/*.pg.test.ts', '**/node_modules/**'],
      restoreMocks: true,
      // `npm test` runs these beside the browser tests on a shared machine: a slow moment must
      // not fail a test that would pass (a real hang still does). See also src/test/setup.ts.
      testTimeout: 20_000,
      // Many server tests wait on real time (a child process starting, a deadline passing): two
      // files at a time keep both cores busy meanwhile. Vitest's default is one fewer than cores.
      // More than the cores, beside the browser lane of `npm test`, made every layer slower.
      maxWorkers: 2,
      projects: [
        // A fresh jsdom costs each file about as much as its tests: only tests that render or
        // fetch relative URLs get one. A file may still ask for another with a docblock.
        // src/lib is pure (no fetching): its tests need neither a DOM nor the simulated Codat.
        {
          extends: true,
          test: { name: 'lib', environment: 'node', include: LIB_TESTS },
        },
        {
          extends: true,
          test: {
            name: 'server',
            environment: 'node',
            include: SERVER_TESTS,
            setupFiles: SETUP,
            // As for the DOM files below: one worker process for several files, modules afresh
            // for each (117 s isolated, 88 s like this).
            isolate: false,
          },
        },
        {
          extends: true,
          test: {
            name: 'dom',
            environment: 'jsdom',
            // One jsdom per worker, not per file: the files took 124 s isolated and 35–46 s like
            // this. After each file src/test/setup.ts empties the page and storage and has the
            // next one import every module afresh; a file that changes process.env puts it back.
            isolate: false,
            setupFiles: SETUP,
            include: ['src/**/*.test.{ts,tsx}'],
            exclude: [...LIB_TESTS, ...SERVER_TESTS, 'src/**/*.pg.test.ts', '**/node_modules/**'],
          },
        },
      ],
    },
  }
})
