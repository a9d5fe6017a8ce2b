// The Fleet screen in live mode: what the console's scan of the simulated Codat found, filters and
// sort in the URL, rows that open a company; a signed webhook changing a row in an open page; and
// a console restarted on the same store showing its fleet at once while Codat is out of reach; and
// an alert channel that refuses, as the Fleet screen shows it, and a test alert through it.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { LIVE } from '../../playwright.live.config.ts'
import { startNodeServer, type NodeServer } from '../support/node-server.ts'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'

const NORTHWIND = {
  id: '5527eb54-3380-4090-be22-25af95909825',
  name: 'Northwind Plumbing & Heating',
}
/** Connected an hour before the world began and never read: nothing of it has synced. */
const FERNHILL = {
  id: '97a9f812-1e96-4b4a-b8a8-d438cf342882',
  name: 'Fernhill Veterinary Clinic',
}
const SIM_AUTH = { Authorization: `Basic ${Buffer.from(LIVE.apiKey).toString('base64')}` }

function fleetTable(page: Page) {
  return page.getByRole('table', { name: 'Fleet companies' })
}

function tiles(page: Page) {
  return page.getByRole('navigation', { name: 'Companies by health' })
}

/** The Fleet once a full scan has filled it. */
async function openFleet(page: Page, url = '/') {
  await page.goto(url)
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible()
  await expect(page.getByText(/Last full scan finished/)).toBeVisible({ timeout: 30_000 })
  await expect(fleetTable(page).locator('tbody tr').first()).toBeVisible()
}

/** The number a tile shows, e.g. 3 for "3 Failing". */
async function tileCount(page: Page, label: string): Promise<number> {
  const text = await tiles(page)
    .getByRole('link', { name: label })
    .locator('.fleet-tile-count')
    .textContent()
  return Number((text ?? '').replace(/,/g, ''))
}

/** Every tile's count, "All companies" first: the summary as a user reads it. */
async function tileCounts(page: Page): Promise<string[]> {
  return tiles(page).locator('.fleet-tile-count').allTextContents()
}

function healthCell(page: Page) {
  return fleetTable(page).locator('tbody tr').first().locator('td[data-column="health"]')
}

test.describe('the open console, over the shared simulation', () => {
  test('shows every company the scan read, worst first, with counts per health', async ({
    page,
    request,
  }) => {
    const companies = await request.get(
      `http://127.0.0.1:${LIVE.simPort}/companies?page=1&pageSize=100`,
      { headers: SIM_AUTH },
    )
    expect(companies.ok()).toBe(true)
    const { totalResults } = (await companies.json()) as { totalResults: number }
    expect(totalResults).toBeGreaterThan(5)

    await openFleet(page)
    await expect(page.getByText('Live Codat')).toBeVisible()
    expect(await tileCount(page, 'All companies')).toBe(totalResults)
    const perHealth = (await tileCounts(page)).slice(1).map(Number)
    expect(perHealth.reduce((sum, n) => sum + n, 0)).toBe(totalResults)
    await expect(page.getByText(`1–${totalResults} of ${totalResults}`)).toBeVisible()
    // A deauthorized connection comes first.
    await expect(healthCell(page)).toHaveText('Needs relink')
    await expect(fleetTable(page).getByRole('link', { name: NORTHWIND.name })).toBeVisible()
    await expectNoSeriousAxeViolations(page)
  })

  test('a tile filters, sort and filters live in the URL, and a reload keeps them', async ({
    page,
  }) => {
    await openFleet(page)
    const failing = await tileCount(page, 'Failing')
    expect(failing).toBeGreaterThan(0)
    await tiles(page).getByRole('link', { name: 'Failing' }).click()
    await expect(page).toHaveURL(/[?&]health=failing/)
    const rows = fleetTable(page).locator('tbody tr')
    await expect(rows).toHaveCount(failing)
    await expect(rows.filter({ hasNotText: 'Failing' })).toHaveCount(0)
    await expect(rows.filter({ hasText: NORTHWIND.name })).toContainText(/invoices: FetchError/)

    await fleetTable(page).getByRole('button', { name: 'Company' }).click()
    await expect(page).toHaveURL(/[?&]sort=name/)
    const names = await fleetTable(page).locator('a.fleet-company-link').allTextContents()
    const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)
    expect(names).toEqual([...names].sort(byName))

    await page.reload()
    await expect(page).toHaveURL(/[?&]health=failing/)
    await expect(tiles(page).getByRole('link', { name: 'Failing' })).toHaveAttribute(
      'aria-current',
      'page',
    )
    await expect(fleetTable(page).getByRole('columnheader', { name: 'Company' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    )
    await expect(fleetTable(page).locator('a.fleet-company-link')).toHaveText(names)

    await tiles(page).getByRole('link', { name: 'All companies' }).click()
    await expect(page).not.toHaveURL(/health=/)
    await expect(page).toHaveURL(/[?&]sort=name/)
  })

  test('a row opens the company console, and back returns to the same view', async ({ page }) => {
    await openFleet(page, `/?q=${encodeURIComponent('northwind')}`)
    await expect(fleetTable(page).locator('tbody tr')).toHaveCount(1)
    await fleetTable(page).getByRole('link', { name: NORTHWIND.name }).click()
    await expect(page).toHaveURL(new RegExp(`/companies/${NORTHWIND.id}$`))
    await expect(page.getByRole('heading', { level: 1, name: NORTHWIND.name })).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Data status' })).toBeVisible()
    await page.goBack()
    await expect(page.getByRole('searchbox', { name: 'Search companies' })).toHaveValue('northwind')
    await expect(fleetTable(page).locator('tbody tr')).toHaveCount(1)
  })

  for (const width of [1280, 390]) {
    test(`looks right at ${width} px, light and dark, with no serious axe finding`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 900 })
      await openFleet(page)
      await screenshot(page, `live-fleet-${width}-light`)
      await switchTheme(page, 'dark')
      await expectNoSeriousAxeViolations(page)
      await screenshot(page, `live-fleet-${width}-dark`)
      await switchTheme(page, 'light')
    })
  }
})

test.describe('when the Fleet cannot do what it is asked', () => {
  const origin = (port: number) => `http://127.0.0.1:${port}`

  test('a failed re-read keeps the fleet on screen, says so, and Retry brings it back', async ({
    page,
    browserErrors,
  }) => {
    browserErrors.allow(/status of 503/)
    await openFleet(page)
    const names = await fleetTable(page).locator('a.fleet-company-link').allTextContents()
    const counts = await tileCounts(page)
    // The console's store stops answering: every fleet read fails until it is back.
    await page.route(
      (url) => url.pathname === '/api/fleet',
      (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({ status: 503, json: { error: 'The fleet store is not answering' } })
          : route.fallback(),
    )
    // "r" reads again what the screen shows.
    await page.keyboard.press('r')
    const banner = page.getByRole('alert').filter({ hasText: 'Could not update the fleet' })
    await expect(banner).toContainText('(503)')
    await expect(banner).toContainText('The counts and the table show the last figures loaded')
    await expect(fleetTable(page).locator('a.fleet-company-link')).toHaveText(names)
    expect(await tileCounts(page)).toEqual(counts)

    await page.unrouteAll()
    await banner.getByRole('button', { name: 'Retry' }).click()
    await expect(banner).toHaveCount(0)
    await expect(fleetTable(page).locator('a.fleet-company-link')).toHaveText(names)
  })

  for (const { who, port, credentials, reason, refusal } of [
    {
      who: 'a viewer',
      port: LIVE.usersPort,
      credentials: LIVE.viewer,
      reason: `Signed in as ${LIVE.viewer.username} with the viewer role: only operators can start a scan.`,
      refusal: 'Only operators can start a scan; your role is viewer',
    },
    {
      who: 'a read-only console',
      port: LIVE.readOnlyPort,
      credentials: undefined,
      reason: 'Read-only console: nobody can start a scan (CONSOLE_READ_ONLY).',
      refusal: 'This console is read-only (CONSOLE_READ_ONLY): nobody can start a scan',
    },
  ]) {
    test(`${who}: the scan button says why it is off, and the console refuses the scan too`, async ({
      browser,
    }) => {
      const context = await browser.newContext({
        baseURL: origin(port),
        ...(credentials && { httpCredentials: credentials }),
      })
      const page = await context.newPage()
      await page.goto('/')
      const button = page.locator('.fleet-scan-action').getByRole('button')
      await expect(button).toBeDisabled({ timeout: 30_000 })
      await expect(button).toHaveAccessibleDescription(reason)
      await expect(page.getByText(reason)).toBeVisible()
      // Whatever the page shows, the console itself refuses.
      const answer = await page.evaluate(async () => {
        const response = await fetch('/api/fleet/scan', { method: 'POST' })
        return { status: response.status, body: (await response.json()) as { error?: string } }
      })
      expect(answer.status).toBe(403)
      expect(answer.body.error).toBe(refusal)
      await context.close()
    })
  }
})

test.describe('a console of its own: webhooks from its simulation, and a restart', () => {
  test.describe.configure({ mode: 'serial' })

  const consoleOrigin = `http://127.0.0.1:${LIVE.fleetConsolePort}`
  const simOrigin = `http://127.0.0.1:${LIVE.fleetSimPort}`
  const secret = `whsec_${Buffer.from('fleet-e2e-signing-secret-0001').toString('base64')}`
  let dataDir = ''
  let sim: NodeServer | undefined
  let consoleServer: NodeServer | undefined
  /** Where the console sends its alerts: answers 500 until told otherwise, counts what came. */
  let alertStatus = 500
  const alertsReceived: string[] = []
  let alertReceiver: Server | undefined
  const alertPort = LIVE.fleetConsolePort + 20

  const startConsole = () =>
    startNodeServer({
      name: 'console',
      script: 'src/server/start.ts',
      readyUrl: `${consoleOrigin}/healthz`,
      env: {
        HOST: '127.0.0.1',
        PORT: String(LIVE.fleetConsolePort),
        FLEET_DATA_DIR: dataDir,
        CODAT_BASE_URL: simOrigin,
        CODAT_API_KEY: LIVE.apiKey,
        CODAT_WEBHOOK_SECRET: secret,
        ALERT_WEBHOOK_URL: `http://127.0.0.1:${alertPort}/alerts`,
        ALERT_WEBHOOK_SECRET: `whsec_${Buffer.from('fleet-e2e-alert-secret-0000001').toString('base64')}`,
        CONSOLE_PUBLIC_URL: consoleOrigin,
      },
    })

  test.beforeAll(async () => {
    test.setTimeout(120_000)
    dataDir = mkdtempSync(join(tmpdir(), 'console-fleet-e2e-'))
    alertReceiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        alertsReceived.push(body)
        res
          .writeHead(alertStatus, { 'Content-Type': 'text/plain' })
          .end(alertStatus >= 400 ? 'the alert channel is down for maintenance' : '')
      })
    })
    await new Promise<void>((resolve) => alertReceiver?.listen(alertPort, '127.0.0.1', resolve))
    sim = await startNodeServer({
      name: 'simulation',
      script: 'src/mocks/sim-cli.ts',
      // Answers 401 without a key: enough to know it listens.
      readyUrl: `${simOrigin}/companies`,
      env: {
        SIM_PORT: String(LIVE.fleetSimPort),
        SIM_API_KEY: LIVE.apiKey,
        SIM_WEBHOOK_URL: `${consoleOrigin}/webhooks/codat`,
        SIM_WEBHOOK_SECRET: secret,
      },
    })
    consoleServer = await startConsole()
  })

  test.afterAll(async () => {
    await consoleServer?.stop()
    await sim?.stop()
    await new Promise((resolve) => alertReceiver?.close(resolve))
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  test('an alert channel that refuses shows on the Fleet screen, and a test alert says how it went', async ({
    page,
  }) => {
    test.setTimeout(60_000)
    // The first full scan's summary is the first message; the channel refuses it.
    await openFleet(page, consoleOrigin)
    const broken = page.getByText(/^Alerts not getting through since .*: .*500.*\(\d+ waiting\)$/)
    await expect(broken).toBeVisible({ timeout: 30_000 })
    expect(alertsReceived.length).toBeGreaterThan(0)
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'live-fleet-alerts-broken')

    // The channel is back: a test alert goes through the real sending path and says so.
    alertStatus = 204
    const sentBefore = alertsReceived.length
    await page.getByRole('button', { name: 'Send test alert' }).click()
    await expect(page.getByText('Test alert sent.')).toBeVisible()
    // The waiting summary may be retried in the same moment, before or after the test alert.
    const sentSince = alertsReceived.slice(sentBefore).map((text) => JSON.parse(text) as unknown)
    expect(sentSince).toContainEqual(expect.objectContaining({ type: 'alert.test' }))
    await expect(broken).toBeHidden()
    await switchTheme(page, 'dark')
    await screenshot(page, 'live-fleet-alerts-test-sent-dark')
  })

  test('a signed read.completed webhook changes a row in the open page, without a reload', async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000)
    await openFleet(page, `${consoleOrigin}/?q=${FERNHILL.id}`)
    await expect(fleetTable(page).locator('tbody tr')).toHaveCount(1)
    await expect(healthCell(page)).toHaveText('Never synced')
    await expect(page.getByText('Webhooks: no delivery accepted yet')).toBeVisible()
    const neverSynced = await tileCount(page, 'Never synced')
    // Anything that reloads the page loses this.
    await page.evaluate(() => ((window as unknown as { samePage?: boolean }).samePage = true))

    // Someone refreshes the company at Codat, not through this console: only the webhook tells it.
    const queued = await request.post(`${simOrigin}/companies/${FERNHILL.id}/data/all`, {
      headers: SIM_AUTH,
    })
    expect(queued.ok()).toBe(true)
    // The reads take 8–15 s at the simulation; then the event, then the screen's next look.
    await expect(healthCell(page)).toHaveText('Healthy', { timeout: 45_000 })
    await expect(
      page.getByText(/Webhooks: last delivery accepted (just now|\d+ seconds? ago)/),
    ).toBeVisible()
    // The simulation signs with Codat's webhook-* header names: none was refused.
    await expect(page.getByText(/refused in the last hour/)).toHaveCount(0)
    expect(await tileCount(page, 'Never synced')).toBe(neverSynced - 1)
    await expect(fleetTable(page).locator('tbody tr').first()).toContainText('None')
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(
      true,
    )
  })

  test('an operator refreshes every failing company in one go, and the job is followed to its end', async ({
    page,
  }) => {
    test.setTimeout(150_000)
    await openFleet(page, `${consoleOrigin}/?health=failing`)
    const failing = await tileCount(page, 'Failing')
    expect(failing).toBeGreaterThan(0)
    const bar = page.getByRole('group', { name: 'Bulk refresh' })
    await bar.getByRole('button', { name: `Select all ${failing} in this filter` }).click()
    await bar.getByRole('button', { name: 'Refresh selected…' }).click()

    // The dry run, planned by the console over its store: nothing has gone to Codat yet.
    const dialog = page.getByRole('dialog', { name: 'Refresh the chosen companies' })
    const confirm = dialog.getByRole('button', { name: /^Queue \d+ refresh/ })
    await expect(confirm).toBeEnabled()
    const requests = Number(/Queue (\d+)/.exec((await confirm.textContent()) ?? '')?.[1])
    expect(requests).toBeGreaterThan(0)
    await expect(dialog).toContainText(`for ${failing} compan`)
    await expect(dialog).toContainText(/Codat quota/)
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'live-bulk-dry-run')
    await confirm.click()
    await expect(dialog).toBeHidden()

    // Sent by the scanning process through its rate gate; each pull followed by the webhooks
    // and re-reads until it ends.
    const panel = page.getByRole('region', {
      name: /^Bulk refresh (running|stopping|cancelled|finished)$/,
    })
    await expect(panel).toBeVisible()
    await expect(panel).toHaveAccessibleName('Bulk refresh finished', { timeout: 120_000 })
    await expect(panel).toContainText(`${requests} of ${requests} items ended`)
    await expect(panel.getByRole('list', { name: 'Items by state' })).toContainText('0 Queued')
    await expectNoSeriousAxeViolations(page)
    await screenshot(page, 'live-bulk-finished')
    // A reload reads the same job back from the console.
    await page.reload()
    await expect(panel).toHaveAccessibleName('Bulk refresh finished')
  })

  test('a restart on the same store shows the same fleet at once, with Codat out of reach', async ({
    page,
    browserErrors,
  }) => {
    test.setTimeout(90_000)
    // The company search below the Fleet asks Codat, through the proxy, and is told it is down.
    browserErrors.allow(/status of 502/)
    await openFleet(page, `${consoleOrigin}/?sort=name`)
    const counts = await tileCounts(page)
    const names = await fleetTable(page).locator('a.fleet-company-link').allTextContents()
    const healths = await fleetTable(page).locator('td[data-column="health"]').allTextContents()
    expect(names.length).toBeGreaterThan(5)
    // Nothing of the page must talk to a server that is going away.
    await page.goto('about:blank')

    await consoleServer?.stop()
    await sim?.stop()
    consoleServer = await startConsole()

    const started = Date.now()
    await page.goto(`${consoleOrigin}/?sort=name`)
    // Codat is unreachable, so whatever shows came from the store (typically 1–2.5 s here).
    await expect(fleetTable(page).locator('a.fleet-company-link')).toHaveText(names)
    const shownMs = Date.now() - started
    test.info().annotations.push({ type: 'fleet after restart ms', description: String(shownMs) })
    console.log(`Fleet after a restart, Codat unreachable: rows shown in ${shownMs} ms`)
    await expect(fleetTable(page).locator('td[data-column="health"]')).toHaveText(healths)
    expect(await tileCounts(page)).toEqual(counts)
    await expect(page.getByText(/Last full scan finished/)).toBeVisible()
    await screenshot(page, 'live-fleet-after-restart')
  })
})
