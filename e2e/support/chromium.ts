// The browser every e2e project uses, in this order: CHROMIUM_PATH; Debian's headless shell;
// Playwright's own (which runs its headless shell); Debian's full Chromium. The shell has no
// browser window around the page, so a fresh page costs about half the CPU (see
// .ci/ensure-chromium.sh, which installs one when there is none).
import { existsSync } from 'node:fs'
import { chromium, devices, type PlaywrightTestConfig } from '@playwright/test'

function executablePath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  if (existsSync('/usr/bin/chromium-headless-shell')) return '/usr/bin/chromium-headless-shell'
  if (existsSync(chromium.executablePath())) return undefined
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
}

const chromiumPath = executablePath()

export const chromiumUse = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1280, height: 800 },
  // A trace records every action's DOM and screen: a fifth of a test's CPU. `npm test` runs
  // without one (E2E_TRACE=off); set E2E_TRACE=retain-on-failure there to keep failing ones.
  trace: process.env.E2E_TRACE === 'off' ? 'off' : 'retain-on-failure',
  launchOptions: {
    ...(chromiumPath ? { executablePath: chromiumPath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
} satisfies PlaywrightTestConfig['use']
