// @vitest-environment node
// `.env` read strictly: a byte-order mark, garbled lines, unclosed quotes, a directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readDotEnv } from './dot-env.ts'

const dir = mkdtempSync(join(tmpdir(), 'dot-env-'))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('readDotEnv', () => {
  it('keeps the first line of a file saved with a byte-order mark', () => {
    const result = readDotEnv(file('bom.env', '\uFEFFCONSOLE_READ_ONLY=1\nPORT=9000\n'))
    expect(result).toMatchObject({ kind: 'read', warnings: [] })
    expect(result.kind === 'read' && result.values).toMatchObject({
      CONSOLE_READ_ONLY: '1',
      PORT: '9000',
    })
  })

  it('reads quotes, comments and export, and names lines it cannot read', () => {
    const result = readDotEnv(
      file(
        'mixed.env',
        '# comment\nexport HOST=0.0.0.0\nCONSOLE_USERS="a:b\nc:d"\nCONSOLE READ ONLY 1\n',
      ),
    )
    expect(result.kind === 'read' && result.values).toMatchObject({
      HOST: '0.0.0.0',
      CONSOLE_USERS: 'a:b\nc:d',
    })
    expect(result.kind === 'read' && result.warnings).toEqual([
      expect.stringMatching(/line 5 is not NAME=value/),
    ])
  })

  it('warns about a quote that is never closed', () => {
    const result = readDotEnv(file('quote.env', 'CODAT_API_KEY="abc\nCONSOLE_READ_ONLY=1\n'))
    expect(result.kind === 'read' && result.warnings).toEqual([
      expect.stringMatching(/line 1: the quote opened in CODAT_API_KEY is never closed/),
    ])
  })

  it('says a directory is not a settings file, and that a missing file is absent', () => {
    mkdirSync(join(dir, 'folder.env'))
    expect(readDotEnv(join(dir, 'folder.env'))).toEqual({
      kind: 'unusable',
      error: expect.stringMatching(/is a directory/) as unknown,
    })
    expect(readDotEnv(join(dir, 'missing.env'))).toEqual({ kind: 'absent' })
  })
})
