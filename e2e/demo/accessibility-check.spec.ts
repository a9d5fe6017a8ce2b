// The accessibility check every screen test runs: it must still see a serious finding when there
// is one, colour contrast in the dark theme included, or every "axe clean" claim says nothing.
import { expect, test } from '@playwright/test'
import {
  expectNoSeriousAxeViolations,
  expectNoSeriousAxeViolationsInBothThemes,
} from '../support/test.ts'
import { PEMBERTON } from '../support/seed.ts'

test('the accessibility check finds a nameless button and text too faint to read', async ({
  page,
}) => {
  await page.goto(`/#/companies/${PEMBERTON}`)
  await expect(page.getByRole('table', { name: 'Data status by data type' })).toBeVisible()
  await expectNoSeriousAxeViolations(page)

  // A button with an icon and no name: nobody using a screen reader knows what it does.
  await page.evaluate(() => {
    const button = document.createElement('button')
    button.id = 'nameless'
    document.querySelector('main')?.append(button)
  })
  await expect(expectNoSeriousAxeViolations(page)).rejects.toThrow(/button-name: #nameless/)
  await page.evaluate(() => document.getElementById('nameless')?.remove())

  // Text that reads in the light theme and fades into its background in the dark one.
  await page.evaluate(() => {
    // A constructed sheet: the console's Content-Security-Policy refuses inline <style>.
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(`
      #faint { color: #222; background: #fff; }
      :root[data-theme='dark'] #faint { color: #3a3d44; background: #2b2e34; }
    `)
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    const text = document.createElement('p')
    text.id = 'faint'
    text.textContent = 'Last synced an hour ago'
    document.querySelector('main')?.prepend(text)
  })
  await expect(expectNoSeriousAxeViolationsInBothThemes(page)).rejects.toThrow(
    /color-contrast: #faint/,
  )
})
