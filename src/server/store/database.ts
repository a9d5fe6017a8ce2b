// One SQL door for the fleet store: embedded PGlite in a folder, or PostgreSQL through `pg`, same dialect.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>
}

export interface Database extends SqlRunner {
  kind: 'embedded' | 'postgres'
  /** Runs `work` in one transaction: all of it or none of it. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>
  /**
   * Holds a session-level advisory lock for as long as the process lives (or until released).
   * Embedded: always granted, a single process owns the folder.
   */
  tryHoldLock(key: number): Promise<boolean>
  close(): Promise<void>
}

export type StoreLocation = { databaseUrl: string } | { dataDir: string } | { memory: true }

/**
 * PGlite fills its whole buffer pool up front: initdb's 128 MB cost that much resident memory
 * before the first row. 32 MB holds the fleet summaries and their indexes (about 15 MB for
 * 10,000 companies); the per-type rows are read in batches, through the operating system's cache.
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB', '-c', 'maintenance_work_mem=16MB']

export async function openDatabase(location: StoreLocation): Promise<Database> {
  if ('databaseUrl' in location) return openPostgres(location.databaseUrl)
  const { PGlite } = await import('@electric-sql/pglite')
  let dataDir: string | undefined
  if ('dataDir' in location) {
    dataDir = resolve(location.dataDir)
    mkdirSync(dataDir, { recursive: true })
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await createCluster(dataDir)
  }
  const options = { startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] }
  const db = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options)
  return {
    kind: 'embedded',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <Row>(sql: string, params: unknown[] = []) =>
            (await tx.query<Row>(sql, params)).rows,
        }),
      ),
    tryHoldLock: () => Promise.resolve(true),
    close: () => db.close(),
  }
}

/**
 * Creating a cluster (initdb) grows PGlite's WebAssembly memory to about 900 MB, and that memory
 * is never given back; opening an existing one with the settings above takes about 240 MB. So a
 * new folder is created by a short-lived process of its own, and the server only ever opens it.
 */
async function createCluster(dataDir: string): Promise<void> {
  const script = [
    "const { PGlite } = await import('@electric-sql/pglite')",
    'const db = await PGlite.create(process.argv[1])',
    'await db.close()',
  ].join('\n')
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, dataDir], {
    // Bare imports resolve from the working directory: this module's, within the app.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    timeout: 120_000,
  })
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 6, idleTimeoutMillis: 30_000 })
  // A dropped idle connection must not take the process down; the next query reconnects.
  pool.on('error', () => undefined)
  let lockClient: import('pg').PoolClient | undefined
  const run = async <Row>(
    client: { query: import('pg').Pool['query'] },
    sql: string,
    params: unknown[],
  ) => (await client.query(sql, params)).rows as Row[]
  await run(pool, 'SELECT 1', [])
  return {
    kind: 'postgres',
    query: (sql, params = []) => run(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work({ query: (sql, params = []) => run(client, sql, params) })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    async tryHoldLock(key) {
      // The lock lives on one dedicated connection: when this process dies, PostgreSQL ends
      // the session and another process can take the lock over.
      if (!lockClient) {
        lockClient = await pool.connect()
        lockClient.on('error', () => {
          lockClient?.release(true)
          lockClient = undefined
        })
      }
      const rows = await run<{ held: boolean }>(
        lockClient,
        'SELECT pg_try_advisory_lock($1) AS held',
        [key],
      )
      return rows[0]?.held === true
    },
    async close() {
      lockClient?.release(true)
      lockClient = undefined
      await pool.end()
    },
  }
}
