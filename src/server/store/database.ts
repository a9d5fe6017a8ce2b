// One SQL door for the fleet store: embedded PGlite in a folder, or PostgreSQL through `pg`, same dialect.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'

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

export async function openDatabase(location: StoreLocation): Promise<Database> {
  if ('databaseUrl' in location) return openPostgres(location.databaseUrl)
  const { PGlite } = await import('@electric-sql/pglite')
  let dataDir: string | undefined
  if ('dataDir' in location) {
    dataDir = resolve(location.dataDir)
    mkdirSync(dataDir, { recursive: true })
  }
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create()
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
