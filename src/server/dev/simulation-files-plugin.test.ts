// @vitest-environment node
// A live build leaves the simulation's service worker out and keeps every other public file; the demo keeps it.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { simulationFilesPlugin } from './simulation-files-plugin.ts'

function makeProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'simulation-files-'))
  mkdirSync(join(root, 'public', 'icons'), { recursive: true })
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><script type="module" src="/main.js"></script>',
  )
  writeFileSync(join(root, 'main.js'), 'document.title = "console"\n')
  writeFileSync(join(root, 'public', 'mockServiceWorker.js'), '/* the simulation */\n')
  writeFileSync(join(root, 'public', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(
    join(root, 'public', 'icons', 'app.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"/>',
  )
  return root
}

async function buildWith(isDemo: boolean): Promise<string> {
  const root = makeProject()
  const outDir = join(root, 'out')
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [simulationFilesPlugin(isDemo)],
    build: { outDir },
  })
  return outDir
}

describe('simulationFilesPlugin', () => {
  it('leaves the service worker out of a live build and copies the other public files', async () => {
    const out = await buildWith(false)
    expect(existsSync(join(out, 'mockServiceWorker.js'))).toBe(false)
    expect(readFileSync(join(out, 'favicon.svg'), 'utf8')).toContain('<svg')
    expect(existsSync(join(out, 'icons', 'app.svg'))).toBe(true)
    expect(existsSync(join(out, 'index.html'))).toBe(true)
  })

  it('keeps the service worker in the demo build', async () => {
    const out = await buildWith(true)
    expect(readFileSync(join(out, 'mockServiceWorker.js'), 'utf8')).toContain('the simulation')
    expect(existsSync(join(out, 'favicon.svg'))).toBe(true)
  })
})
