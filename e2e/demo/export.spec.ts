// Exporting the history view in the demo build: every page as CSV and JSON, the filters kept,
// a progress bar that can be cancelled, and what it costs for the 6,500-row company.
import { readFile } from 'node:fs/promises'
import { type Page } from '@playwright/test'
import {
  expect,
  expectNoSeriousAxeViolations,
  screenshot,
  switchTheme,
  test,
} from '../support/test.ts'
import { ATLAS, SEED } from '../support/seed.ts'

const ATLAS_ROWS = SEED.bigHistory.historySize

test.describe.configure({ timeout: 120_000 })

async function setFault(page: Page, fault: Record<string, unknown>) {
  const status = await page.evaluate(
    async (body) =>
      (
        await fetch('/api/_sim/faults', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    fault,
  )
  expect(status).toBe(200)
}

test('exports every page as Excel-safe CSV, and JSON with the filters kept', async ({ page }) => {
  await page.goto(`/#/companies/${ATLAS}?tab=history`)
  const exportGroup = page.getByRole('group', { name: 'Export' })
  await expect(page.getByText('6,500 pull operations')).toBeVisible()

  const startedAt = Date.now()
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    exportGroup.getByRole('button', { name: 'CSV' }).click(),
  ])
  const csv = await readFile((await csvDownload.path()) ?? '', 'utf8')
  const ms = Date.now() - startedAt
  expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^pull-operations-${ATLAS}-.*\\.csv$`))
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  const lines = csv.trimEnd().split('\r\n')
  expect(lines).toHaveLength(ATLAS_ROWS + 1)
  expect(lines[1]).toMatch(/^"[0-9a-f-]{36}","/)
  await expect(exportGroup.getByRole('status')).toContainText(
    `Exported ${ATLAS_ROWS.toLocaleString('en-GB')} rows as CSV`,
  )
  console.log(
    `export: ${ATLAS_ROWS} rows as CSV in ${ms} ms (${Math.round((ATLAS_ROWS / ms) * 1000)} rows/s)`,
  )

  await page.getByLabel('Data type').selectOption('invoices')
  await expect(page).toHaveURL(/dataType=invoices/)
  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    exportGroup.getByRole('button', { name: 'JSON' }).click(),
  ])
  const json = JSON.parse(await readFile((await jsonDownload.path()) ?? '', 'utf8')) as {
    query: string
    count: number
    results: { dataType: string }[]
  }
  expect(json.query).toBe('dataType=invoices')
  expect(json.count).toBeGreaterThan(0)
  expect(json.results.every((row) => row.dataType === 'invoices')).toBe(true)
  await expectNoSeriousAxeViolations(page)
  await screenshot(page, 'export-done-light')
})

test('shows progress while exporting, and cancels', async ({ page }) => {
  await page.goto(`/#/companies/${ATLAS}?tab=history`)
  await expect(page.getByText('6,500 pull operations')).toBeVisible()
  await switchTheme(page, 'dark')
  // Each page waits 15 s: long enough that the export is still running after the scan and
  // screenshots below, however busy the machine, so Cancel is there to be pressed.
  await setFault(page, { mode: 'slow', delayMs: 15_000, pathPattern: '/data/history$' })
  const exportGroup = page.getByRole('group', { name: 'Export' })
  await exportGroup.getByLabel('up to').selectOption('50000')
  await exportGroup.getByRole('button', { name: 'CSV' }).click()
  const progress = exportGroup.getByRole('progressbar')
  await expect(progress).toBeVisible()
  await expect(exportGroup).toContainText(/of 6,500 rows/, { timeout: 40_000 })
  await screenshot(page, 'export-progress-dark')
  // Cancel while the later pages are still on their way; the slower checks come after.
  await exportGroup.getByRole('button', { name: 'Cancel export' }).click()
  await expect(exportGroup.getByRole('status')).toHaveText('Export cancelled; nothing was saved.')
  await expect(progress).toBeHidden()
  await expectNoSeriousAxeViolations(page)
  await page.setViewportSize({ width: 390, height: 844 })
  await screenshot(page, 'export-cancelled-phone-dark')
})
