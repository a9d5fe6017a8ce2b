// @vitest-environment node
// A .env that sets a name the console does not read is warned about, with the setting meant.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadDotEnv } from './settings.ts'
import { unknownSettingWarnings } from './setting-names.ts'
import { SETTING_NAMES } from './settings-schema.ts'

describe('unknownSettingWarnings', () => {
  it('names a typo once and suggests the setting it resembles', () => {
    expect(unknownSettingWarnings(['CODAT_APIKEY', 'CODAT_APIKEY'])).toEqual([
      '.env sets CODAT_APIKEY, which is not a setting the console reads; did you mean CODAT_API_KEY?',
    ])
    const suggested = (name: string) => unknownSettingWarnings([name])[0]?.split('did you mean ')[1]
    expect(suggested('codat_api_key')).toBe('CODAT_API_KEY?')
    expect(suggested('CONSOLE_READONLY')).toBe('CONSOLE_READ_ONLY?')
    expect(suggested('FLEET_CONCURENCY')).toBe('FLEET_CONCURRENCY?')
    expect(suggested('CODAT_TIMEUOT_MS')).toBe('CODAT_TIMEOUT_MS?')
    expect(suggested('CODAT_KEY')).toBe('CODAT_API_KEY?')
  })

  it('says nothing about the settings and standard names, and suggests nothing far off', () => {
    expect(unknownSettingWarnings([...SETTING_NAMES, 'NODE_ENV', 'TZ'])).toEqual([])
    expect(unknownSettingWarnings(['GREETING'])).toEqual([
      '.env sets GREETING, which is not a setting the console reads (the settings are listed in .env.example and README.md)',
    ])
  })

  it('knows exactly the settings README.md documents', () => {
    const readme = readFileSync('README.md', 'utf8')
    const section = readme.slice(readme.indexOf('## Configuration'))
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| variable')))
    const documented = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1])
    expect([...documented].sort()).toEqual([...SETTING_NAMES].sort())
  })
})

describe('loadDotEnv', () => {
  const set: string[] = []
  afterEach(() => {
    for (const name of set.splice(0)) Reflect.deleteProperty(process.env, name)
  })

  it('warns about each unknown name in the file, beside the settings it loads', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'setting-names-')), '.env')
    writeFileSync(path, 'CODAT_APIKEY=sk-typo\nCONSOLE_READONLY=1\nFLEET_STALE_HOURS=12\n')
    set.push('CODAT_APIKEY', 'CONSOLE_READONLY', 'FLEET_STALE_HOURS')
    const { warnings, error } = loadDotEnv(path)
    expect(error).toBeUndefined()
    expect(warnings).toEqual([
      `${path} sets CODAT_APIKEY, which is not a setting the console reads; did you mean CODAT_API_KEY?`,
      `${path} sets CONSOLE_READONLY, which is not a setting the console reads; did you mean CONSOLE_READ_ONLY?`,
    ])
  })
})
