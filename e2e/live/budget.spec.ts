// The performance budget, checked on the production build the live tests just made and serve.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { BUDGETS } from '../support/budgets.ts'
import { kB, measureBundle } from '../support/bundle-size.ts'

test('the first screen loads at most 150 kB of gzipped JS; the rest loads on demand', async ({
  page,
}) => {
  const report = measureBundle('dist')
  console.log(
    `first screen ${kB(report.firstScreenGzip)} gzip in ${report.firstScreen.length} file(s); ` +
      `lazy ${report.lazy.map((c) => `${c.file} ${kB(c.gzipBytes)}`).join(', ')}`,
  )
  expect(report.firstScreen.length).toBeGreaterThan(0)
  expect(report.firstScreenGzip).toBeLessThanOrEqual(BUDGETS.firstScreenGzipBytes)
  // The operation detail route is split off and not fetched by the first screen.
  expect(report.lazy.some((chunk) => chunk.file.includes('operation-route'))).toBe(true)
  const fetched: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script') fetched.push(new URL(request.url()).pathname)
  })
  await page.goto('/')
  const picker = page.getByRole('table', { name: 'Companies', exact: true })
  await expect(picker.getByRole('link', { name: 'Atlas Freight Forwarding' })).toBeVisible()
  expect(fetched.some((path) => path.includes('operation-route'))).toBe(false)
  // The simulation never ships in a live build: no chunk carries the service worker or the world.
  for (const chunk of report.firstScreen.concat(report.lazy)) {
    const code = readFileSync(join('dist', chunk.file), 'utf8')
    expect(code, chunk.file).not.toContain('mockServiceWorker')
    expect(code, chunk.file).not.toContain('Pemberton Bakery')
  }
  // Nor as a file: dist/ has no service worker, and the live server answers 404 for it.
  expect(existsSync(join('dist', 'mockServiceWorker.js'))).toBe(false)
  expect(existsSync(join('dist', 'favicon.svg'))).toBe(true)
  expect((await page.request.get('/mockServiceWorker.js')).status()).toBe(404)
})
