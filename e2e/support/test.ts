// What every e2e spec shares: a browser that must stay free of console errors, an axe scan,
// screenshots for review, and the theme switch.
import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'

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

/**
 * No serious or critical accessibility violation on the screen as it is now. Every rule runs,
 * colour contrast included, but faster: the console has no frames, so axe runs in the page in one
 * go (legacy mode) instead of once per frame and again in a blank page that joins the frames'
 * results, and it details only the violations, not the thousands of nodes that pass. On a busy
 * two-core machine a scan took 4–10 s the first way and takes 1.2–1.6 s this way.
 */
export async function expectNoSeriousAxeViolations(page: Page) {
  const scan = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .analyze()
  const serious = scan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
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
