// Test-only: how migrations apply, run on the embedded database and on PostgreSQL alike.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Database } from '../store/database.ts'
import { migrate, type Migration } from '../store/migrate.ts'

/** Versions far above the real ones, and tables of their own, so the real schema is untouched. */
const PROBE_VERSIONS = [901, 902, 903]

const SCRIPT = `-- Several statements; a comment with a ; in it.
CREATE TABLE migrate_probe_notes (id integer PRIMARY KEY, body text NOT NULL);
INSERT INTO migrate_probe_notes VALUES (1, 'first;
second'); INSERT INTO migrate_probe_notes VALUES (2, 'it''s; fine');
CREATE FUNCTION migrate_probe_count() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
  -- A ; inside a function body ends nothing.
  RETURN (SELECT count(*) FROM migrate_probe_notes);
END;
$$;
CREATE TABLE migrate_probe_tagged (id integer PRIMARY KEY, tag text DEFAULT $tag$a;b$tag$)`

const tablesNamed = async (db: Database, pattern: string) =>
  (
    await db.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE $1 ORDER BY 1",
      [pattern],
    )
  ).map((row) => row.name)

export function describeMigrations(label: string, open: () => Promise<Database>): void {
  describe(`migrations on ${label}`, () => {
    let db: Database
    const clean = async () => {
      await db.query(
        'DROP TABLE IF EXISTS migrate_probe_notes, migrate_probe_tagged, migrate_probe_half CASCADE',
      )
      await db.query('DROP FUNCTION IF EXISTS migrate_probe_count()')
      await db.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      )
      await db.query('DELETE FROM schema_migrations WHERE version = ANY($1)', [PROBE_VERSIONS])
    }
    beforeAll(async () => {
      db = await open()
    }, 90_000)
    beforeEach(() => clean())
    afterAll(async () => {
      await clean()
      await db.close()
    })

    it('applies a file of several statements whole: quoted and dollar-quoted ; included', async () => {
      const script: Migration = { version: 901, name: '901-probe.sql', sql: SCRIPT }
      expect(await migrate(db, [script])).toEqual([901])
      const notes = await db.query<{ body: string }>(
        'SELECT body FROM migrate_probe_notes ORDER BY id',
      )
      expect(notes.map((note) => note.body)).toEqual(['first;\nsecond', "it's; fine"])
      const [count] = await db.query<{ n: number }>('SELECT migrate_probe_count() AS n')
      expect(count?.n).toBe(2)
      await db.query('INSERT INTO migrate_probe_tagged (id) VALUES (1)')
      const [tagged] = await db.query<{ tag: string }>('SELECT tag FROM migrate_probe_tagged')
      expect(tagged?.tag).toBe('a;b')
      // Once applied, never again.
      expect(await migrate(db, [script])).toEqual([])
    })

    it('keeps nothing of a run in which one migration fails', async () => {
      const migrations: Migration[] = [
        {
          version: 902,
          name: '902-good.sql',
          sql: 'CREATE TABLE migrate_probe_notes (id integer PRIMARY KEY);\nINSERT INTO migrate_probe_notes VALUES (1);',
        },
        {
          version: 903,
          name: '903-half.sql',
          sql: 'CREATE TABLE migrate_probe_half (id integer);\nINSERT INTO migrate_probe_half VALUES (1);\nSELECT no_such_column FROM migrate_probe_half;',
        },
      ]
      await expect(migrate(db, migrations)).rejects.toThrow(/no_such_column/)
      expect(await tablesNamed(db, 'migrate_probe_%')).toEqual([])
      const versions = await db.query<{ version: number }>(
        'SELECT version FROM schema_migrations WHERE version = ANY($1)',
        [PROBE_VERSIONS],
      )
      expect(versions).toEqual([])
      // Fixed, the same run applies from the start.
      const fixed = { ...migrations[1], sql: 'CREATE TABLE migrate_probe_half (id integer);' }
      expect(await migrate(db, [migrations[0], fixed] as Migration[])).toEqual([902, 903])
      expect(await tablesNamed(db, 'migrate_probe_%')).toEqual([
        'migrate_probe_half',
        'migrate_probe_notes',
      ])
    })
  })
}
