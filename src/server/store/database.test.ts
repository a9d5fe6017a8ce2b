// @vitest-environment node
// The embedded database in a folder: created on first open, and everything in it is there after a restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from './database.ts'

describe('the embedded database in a folder', () => {
  const parent = mkdtempSync(join(tmpdir(), 'fleet-store-'))
  afterAll(() => rmSync(parent, { recursive: true, force: true }))

  it('creates the folder on first open and keeps what was written over a restart', async () => {
    const dataDir = join(parent, 'not-there-yet')
    const first = await openDatabase({ dataDir })
    expect(first.kind).toBe('embedded')
    await first.query('CREATE TABLE kept (name text)')
    await first.query("INSERT INTO kept VALUES ('Alder & Ash')")
    await first.close()

    const second = await openDatabase({ dataDir })
    expect(await second.query('SELECT name FROM kept')).toEqual([{ name: 'Alder & Ash' }])
    await second.close()
  }, 180_000)
})
