// What every e2e spec shares: a browser that must stay free of console errors, an axe scan,
// screenshots for review, and the theme switch.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test as base, expect, type Page } from '@playwright/test'
import type axe from 'axe-core'

export { expect }

export interface BrowserErrors {
  /** Console errors matching this are expected (the browser logs failed responses itself). */
  allow(pattern: RegExp): void
}

/** Fails a test whose page logs a console error or throws, unless the test said to expect it. */
export const test = base.extend<{ browserErrors: BrowserErrors }>({
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      let allowed: RegExp | undefined
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await use({ allow: (pattern) => void (allowed = pattern) })
      expect(errors.filter((text) => !allowed?.test(text))).toEqual([])
    },
    { auto: true },
  ],
})

let minifiedAxe: string | undefined
/** Axe's minified build: half the size of the `source` its package exports. */
function axeSource(): string {
  minifiedAxe ??= readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  )
  return minifiedAxe
}

/**
 * No serious or critical accessibility violation on the screen as it is now. Every rule axe runs
 * by default runs, colour contrast included, in the page in one go: the console has no frames,
 * so there is no per-frame run and no blank page to join the frames' results. Axe's minified
 * 550 kB is sent once per page, not twice per scan as `@axe-core/playwright` does, and only the
 * violations come back. On two cores a first scan costs about 1.1 CPU-s this way against 1.6.
 */
export async function expectNoSeriousAxeViolations(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource())
  const violations = await page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    })
    return violations.map(({ id, impact, nodes }) => ({
      id,
      impact,
      targets: nodes.map((node) => node.target.join(' ')),
    }))
  })
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.targets.join(', ')}`)).toEqual([])
}

/** A full-page screenshot in .reports/screens/, for a person to look at. */
export async function screenshot(page: Page, name: string) {
  // From the top, so the sticky header is not painted across the middle of a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: `.reports/screens/${name}.png`, fullPage: true })
}

export async function switchTheme(page: Page, to: 'dark' | 'light') {
  await page.getByRole('button', { name: `Switch to ${to} theme` }).click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', to)
}

/**
 * Axe in the theme on screen and in the other one, then back: both themes must read. The theme
 * is flipped on the page itself, so a scan works while a modal dialog makes the switch inert.
 */
export async function expectNoSeriousAxeViolationsInBothThemes(page: Page) {
  await expectNoSeriousAxeViolations(page)
  const html = page.locator('html')
  const theme = await html.getAttribute('data-theme')
  const flip = (to: string | null) =>
    page.evaluate((value) => {
      if (value === null) delete document.documentElement.dataset.theme
      else document.documentElement.dataset.theme = value
    }, to)
  await flip(theme === 'dark' ? 'light' : 'dark')
  await expectNoSeriousAxeViolations(page)
  await flip(theme)
}
