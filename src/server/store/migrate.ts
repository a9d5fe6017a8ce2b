// Applies the numbered SQL migrations in ./migrations that the database has not seen, in one transaction.
import { readdirSync, readFileSync } from 'node:fs'
import type { Database } from './database.ts'

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)
const FILE_PATTERN = /^(\d{3})-[a-z0-9-]+\.sql$/

export interface Migration {
  version: number
  name: string
  sql: string
}

export function readMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => ({
      version: Number(FILE_PATTERN.exec(file)?.[1]),
      name: file,
      sql: readFileSync(new URL(file, dir), 'utf8'),
    }))
}

/** Returns the versions applied now. Concurrent processes serialise on a transaction lock. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    // Two processes starting at once on one PostgreSQL: the second waits here, then sees the work done.
    await tx.query('SELECT pg_advisory_xact_lock(7361001)')
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    )
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (row) => row.version,
      ),
    )
    const applied: number[] = []
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      // The driver runs the whole file as the server reads it: comments, `$$` bodies and quoted `;` included.
      await tx.exec(migration.sql)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ])
      applied.push(migration.version)
    }
    return applied
  })
}
