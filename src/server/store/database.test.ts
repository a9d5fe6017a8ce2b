// @vitest-environment node
// The embedded database in a folder: created on first open, and everything in it is there after a restart.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from './database.ts'
import { LOCK_FILE } from './folder-lock.ts'

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

describe('a new folder from the kept copy of a fresh cluster', () => {
  const parent = mkdtempSync(join(tmpdir(), 'fleet-store-kept-'))
  afterAll(() => rmSync(parent, { recursive: true, force: true }))

  it('replaces a copy it cannot load, and fills the next folder from the new one', async () => {
    const blankClusterFile = join(parent, 'cache', 'blank-cluster.tar')
    mkdirSync(join(parent, 'cache'))
    writeFileSync(blankClusterFile, 'not a tar file')
    const open = async (name: string) => {
      const db = await openDatabase({ dataDir: join(parent, name) }, { blankClusterFile })
      // A fresh cluster: nothing of the folder before it is in there.
      await db.query('CREATE TABLE kept (name text)')
      await db.query("INSERT INTO kept VALUES ('Alder & Ash')")
      expect(await db.query('SELECT name FROM kept')).toEqual([{ name: 'Alder & Ash' }])
      await db.close()
    }
    await open('first')
    // A cluster's files, and none of a folder's own (its lock).
    const copy = readFileSync(blankClusterFile)
    expect(copy.length).toBeGreaterThan(1_000_000)
    expect(copy.includes('PG_VERSION')).toBe(true)
    expect(copy.includes(LOCK_FILE)).toBe(false)
    await open('second')
  }, 180_000)
})
