// One SQL door for the fleet store: embedded PGlite in a folder, or PostgreSQL through `pg`, same dialect.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { LOCK_FILE, lockFolder, type FolderLock } from './folder-lock.ts'
import { listenOn } from './listen-session.ts'

export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>
}

/** A transaction's runner; `exec` runs a whole SQL script (several statements, no parameters). */
export interface TransactionRunner extends SqlRunner {
  exec(sql: string): Promise<void>
}

export interface Database extends SqlRunner {
  kind: 'embedded' | 'postgres'
  /** Runs `work` in one transaction: all of it or none of it. */
  transaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T>
  /**
   * Takes a session-level advisory lock, or checks that this process still holds it (never
   * stacks it): true while it does. Called every few seconds, this is the holder's heartbeat.
   * Embedded: always granted, the folder lock keeps other processes out.
   */
  tryHoldLock(key: number): Promise<boolean>
  /** Lets the lock go at once, so another process need not wait for this session to end. */
  releaseLock(key: number): Promise<void>
  /**
   * This database for work that may only happen while the lock taken just now is held: once it
   * is gone (its session ended, a heartbeat failed, or a write finds another session holding it)
   * every query is refused with LockLostError, and `lost` is called once.
   */
  whileHolding(key: number, lost: () => void): Database
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel`, from any session, once its
   * transaction commits. `onReady` runs once listening and again after each reconnect: what was
   * announced while the session was away is lost, so that is the moment to catch up. Resolves
   * with the function that stops listening, also while a reconnect is still being tried.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReady?: () => void,
  ): Promise<() => Promise<void>>
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** JSON log lines about connections that broke; the pool replaces them. */
  log?: (line: string) => void
  /** PostgreSQL ends the lock session after this long without a heartbeat (tests shorten it). */
  lockIdleMs?: number
  /** Embedded: where the copy of a fresh cluster is kept (default: see blankClusterFile). */
  blankClusterFile?: string
}

export class LockLostError extends Error {
  override readonly name = 'LockLostError'
  constructor(key: number) {
    super(`This process no longer holds lock ${key}; another process may have taken it over`)
  }
}

export type StoreLocation = { databaseUrl: string } | { dataDir: string } | { memory: true }

/**
 * PGlite fills its whole buffer pool up front: initdb's 128 MB cost that much resident memory
 * before the first row. 32 MB holds the fleet summaries and their indexes (about 15 MB for
 * 10,000 companies); the per-type rows are read in batches, through the operating system's cache.
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB', '-c', 'maintenance_work_mem=16MB']

export async function openDatabase(
  location: StoreLocation,
  options: DatabaseOptions = {},
): Promise<Database> {
  if ('databaseUrl' in location) return openPostgres(location.databaseUrl, options)
  const { PGlite } = await import('@electric-sql/pglite')
  let dataDir: string | undefined
  let folder: FolderLock | undefined
  if ('dataDir' in location) {
    dataDir = resolve(location.dataDir)
    mkdirSync(dataDir, { recursive: true })
    // Before anything touches the cluster: a second process on this folder stops here.
    folder = lockFolder(dataDir)
  }
  const settings = { startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] }
  let db: import('@electric-sql/pglite').PGlite
  try {
    if (dataDir && !existsSync(join(dataDir, 'PG_VERSION'))) await createCluster(dataDir, options)
    db = dataDir ? await PGlite.create(dataDir, settings) : await openInMemory(PGlite, settings)
  } catch (error) {
    folder?.release()
    throw error
  }
  const embedded: Database = {
    kind: 'embedded',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <Row>(sql: string, params: unknown[] = []) =>
            (await tx.query<Row>(sql, params)).rows,
          exec: async (sql) => {
            await tx.exec(sql)
          },
        }),
      ),
    tryHoldLock: () => Promise.resolve(true),
    releaseLock: () => Promise.resolve(),
    whileHolding: () => embedded,
    async listen(channel, onNotify, onReady) {
      // One process, one session: PGlite hands its own notifications to these callbacks.
      const unlisten = await db.listen(channel, onNotify)
      onReady?.()
      return () => unlisten().catch(() => undefined)
    },
    close: once(async () => {
      await db.close()
      folder?.release()
    }),
  }
  return embedded
}

type PGliteClass = typeof import('@electric-sql/pglite').PGlite
type PGliteOptions = import('@electric-sql/pglite').PGliteOptions

/**
 * In-memory stores (the tests' own) start from a copy of one freshly created cluster, kept for
 * the process: creating a cluster (initdb) took 3.9 s and 5.9 CPU-seconds here, opening the
 * copy 0.9 s and 1.2. The copy is made once per process, of a cluster nothing has touched yet,
 * and kept on globalThis so that a test runner that imports modules afresh reuses it too. A
 * process that has none yet takes the one on disk (see blankClusterFile), or makes it.
 */
async function openInMemory(PGlite: PGliteClass, settings: PGliteOptions) {
  const cache = globalThis as { [BLANK_CLUSTER]?: Promise<Blob> }
  const blank = cache[BLANK_CLUSTER]
  if (blank) return PGlite.create({ ...settings, loadDataDir: await blank })
  const file = blankClusterFile()
  const kept = file ? readKeptCluster(file) : undefined
  if (kept) {
    try {
      const db = await PGlite.create({ ...settings, loadDataDir: kept })
      cache[BLANK_CLUSTER] = Promise.resolve(kept)
      return db
    } catch {
      // Not a cluster this PGlite can open: made again below, and the file replaced.
    }
  }
  const db = await PGlite.create(settings)
  const dump = db.dumpDataDir('none')
  // A failed copy is forgotten: the next store creates its cluster again.
  cache[BLANK_CLUSTER] = dump.catch((error: unknown) => {
    delete cache[BLANK_CLUSTER]
    throw error
  })
  const copy = await dump
  if (file) await keepCluster(file, copy)
  return db
}
const BLANK_CLUSTER = Symbol.for('codat-refresh-console.blank-embedded-cluster')

/**
 * Where a copy of a cluster nothing has touched is kept for the next new store, one per PGlite
 * version, beside the other tools' caches in node_modules/.cache. A new store folder then costs
 * 1.7 CPU-seconds instead of 8 (initdb). Undefined when the version cannot be read: every new
 * store then runs initdb. The file is only ever replaced whole, so a reader never sees half of it.
 */
function blankClusterFile(): string | undefined {
  const root = fileURLToPath(new URL('../../../', import.meta.url))
  try {
    const manifest = join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json')
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }
    if (typeof version !== 'string' || !/^[\w.+-]+$/.test(version)) return undefined
    return join(
      root,
      'node_modules',
      '.cache',
      'codat-refresh-console',
      `blank-cluster-pglite-${version}.tar`,
    )
  } catch {
    return undefined
  }
}

function readKeptCluster(file: string): Blob | undefined {
  try {
    return new Blob([readFileSync(file)])
  } catch {
    return undefined
  }
}

/** Best effort: a read-only or full disk only means the next store runs initdb too. */
async function keepCluster(file: string, copy: Blob): Promise<void> {
  const partial = partialCopy(file)
  try {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(partial, Buffer.from(await copy.arrayBuffer()))
  } catch {
    // Published below if written whole, removed otherwise.
  }
  publishCopy(partial, file)
}

/** Where a copy is written before it replaces the kept one, whole, under its name. */
const partialCopy = (file: string) => `${file}.${process.pid}-${(copiesWritten += 1)}.partial`
let copiesWritten = 0

function publishCopy(partial: string, file: string): void {
  try {
    if (existsSync(partial)) renameSync(partial, file)
  } catch {
    rmSync(partial, { force: true })
  }
}

/** Closing twice (a test's cleanup after the service's own) waits for the first close. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => (closing ??= close())
}

/**
 * Creating a cluster (initdb) grows PGlite's WebAssembly memory to about 900 MB, and that memory
 * is never given back; opening an existing one with the settings above takes about 240 MB. So a
 * new folder is created by a short-lived process of its own, and the server only ever opens it.
 * That process fills the folder from the kept copy of a fresh cluster when there is one (see
 * blankClusterFile), else runs initdb and keeps a copy for the next new store.
 */
async function createCluster(dataDir: string, options: DatabaseOptions): Promise<void> {
  const kept = options.blankClusterFile ?? blankClusterFile()
  const partial = kept ? partialCopy(kept) : ''
  try {
    await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', CREATE_CLUSTER_SCRIPT, dataDir, kept ?? '', partial, LOCK_FILE],
      {
        // Bare imports resolve from the working directory: this module's, within the app.
        cwd: fileURLToPath(new URL('.', import.meta.url)),
        timeout: 120_000,
      },
    )
    if (kept) publishCopy(partial, kept)
  } catch (error) {
    if (partial) rmSync(partial, { force: true })
    // Node prints the library's (minified) source line with its error: the log gets all of it,
    // the person starting the console one line.
    const { stderr } = error as { stderr?: unknown }
    const detail = typeof stderr === 'string' && stderr ? stderr : (error as Error).message
    const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
    log(JSON.stringify({ type: 'store', event: 'create-failed', dataDir, detail }))
    throw new Error(`could not create the embedded store in ${dataDir}: ${errorLine(detail)}`, {
      cause: error,
    })
  }
}

/**
 * The creating process: argv is the folder, the kept copy's path ('' for none), where to write
 * a new copy for the parent to publish, and the folder lock's file name. The folder is filled from a copy of a fresh cluster: the kept one, or one
 * created in memory (and kept), never a copy of the folder itself, which holds its lock. A kept
 * copy that cannot be loaded is deleted, the folder emptied of what it left (the lock stays), and
 * a cluster created anew.
 */
const CREATE_CLUSTER_SCRIPT = `
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
const { PGlite } = await import('@electric-sql/pglite')
const [dataDir, kept, partial, lockFile] = process.argv.slice(1)
const fill = async (copy) => (await PGlite.create(dataDir, { loadDataDir: copy })).close()
let copy
try { if (kept) copy = new Blob([readFileSync(kept)]) } catch {}
if (copy) {
  try {
    await fill(copy)
    process.exit(0)
  } catch {
    rmSync(kept, { force: true })
    for (const name of readdirSync(dataDir))
      if (name !== lockFile) rmSync(join(dataDir, name), { recursive: true, force: true })
  }
}
const fresh = await PGlite.create()
copy = await fresh.dumpDataDir('none')
await fresh.close()
await fill(copy)
// Best effort, as in keepCluster: the parent publishes the copy only if it is there.
if (partial) {
  try {
    mkdirSync(dirname(partial), { recursive: true })
    writeFileSync(partial, Buffer.from(await copy.arrayBuffer()))
  } catch {}
}
`

/** The line of a child's stderr that says what went wrong, short enough to read. */
export function errorLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim())
  const line =
    lines.find((l) => /^([A-Z]\w*)?Error\b|^error\b/i.test(l) && l.length <= 500) ??
    lines.find((l) => l.length > 0 && l.length <= 500) ??
    'see the log'
  return line.length > 200 ? `${line.slice(0, 197)}...` : line
}

/**
 * Every pooled connection is bounded: a server that does not answer fails the connect in 10 s;
 * a statement runs 30 s at most (the fleet's take milliseconds), and the client gives up 10 s
 * later if the server went silent; a transaction left idle is ended after 10 s, so a stopped
 * process cannot keep row locks (the fleet's are held for milliseconds) past the lock's lease
 * and block the process that took over; TCP keepalives notice a peer that vanished.
 */
const POOL_SETTINGS = {
  max: 6,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  query_timeout: 40_000,
  idle_in_transaction_session_timeout: 10_000,
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
}

/**
 * The lock session's lease: PostgreSQL ends it (and so frees the lock) after this long without
 * a heartbeat, for a holder that was stopped or lost its host. The holder checks every 5 s.
 */
const LOCK_IDLE_MS = 20_000
/** A heartbeat that takes longer than this counts as lost, well inside the lease. */
const LOCK_QUERY_TIMEOUT_MS = 5_000

const LOCK_HELD_SQL = `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
  AND classid = 0 AND objid = $1 AND objsubid = 1 AND pid = $2 AND granted) AS held`

/** One dedicated session and the locks it holds; a new session is a new tenure. */
interface LockSession {
  client: import('pg').PoolClient
  pid: number
  held: Set<number>
  /** Called once when the session or one of its locks is gone. */
  lost: Map<number, Set<() => void>>
  isOver: boolean
}

async function openPostgres(databaseUrl: string, options: DatabaseOptions): Promise<Database> {
  const { default: pg } = await import('pg')
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const report = (event: string, error: unknown) =>
    log(JSON.stringify({ type: 'store', event, message: (error as Error).message }))
  const pool = new pg.Pool({ connectionString: databaseUrl, ...POOL_SETTINGS })
  // A connection that breaks must not take the process down through an 'error' event, idle in
  // the pool (the pool's listener) or handed out (ours): its query fails, the pool replaces it.
  pool.on('error', (error) => report('connection-error', error))
  pool.on('connect', (client) => client.on('error', (error) => report('connection-error', error)))
  let lock: LockSession | undefined
  const run = async <Row>(
    client: { query: import('pg').Pool['query'] },
    sql: string,
    params: unknown[],
  ) => (await client.query(sql, params)).rows as Row[]
  await run(pool, 'SELECT 1', [])

  const endLockSession = (session: LockSession, error?: unknown) => {
    if (session.isOver) return
    session.isOver = true
    if (lock === session) lock = undefined
    if (error !== undefined) report('lock-session-lost', error)
    session.client.release(error instanceof Error ? error : true)
    for (const key of session.held) loseLock(session, key)
  }
  const loseLock = (session: LockSession, key: number) => {
    session.held.delete(key)
    const listeners = session.lost.get(key) ?? new Set()
    session.lost.delete(key)
    for (const listener of listeners) listener()
  }
  const lockQuery = async <Row>(session: LockSession, sql: string, params: unknown[]) => {
    // pg reads a per-query read timeout its types do not list.
    const query: import('pg').QueryConfig = Object.assign(
      { text: sql, values: params },
      { query_timeout: LOCK_QUERY_TIMEOUT_MS },
    )
    return (await session.client.query(query)).rows as Row[]
  }
  const openLockSession = async (): Promise<LockSession> => {
    const client = await pool.connect()
    try {
      // PostgreSQL 14 and later; an older server keeps the lock until the session's TCP ends.
      await client
        .query(`SET idle_session_timeout = ${options.lockIdleMs ?? LOCK_IDLE_MS}`)
        .catch((error: unknown) => report('lock-lease-unsupported', error))
      const [row] = await run<{ pid: number }>(client, 'SELECT pg_backend_pid() AS pid', [])
      const session: LockSession = {
        client,
        pid: row?.pid ?? 0,
        held: new Set(),
        lost: new Map(),
        isOver: false,
      }
      client.on('error', (error) => endLockSession(session, error))
      client.on('end', () => endLockSession(session, new Error('The lock session ended')))
      return session
    } catch (error) {
      client.release(error as Error)
      throw error
    }
  }

  const database: Database = {
    kind: 'postgres',
    query: (sql, params = []) => run(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work({
          query: (sql, params = []) => run(client, sql, params),
          // Without parameters pg sends a simple query, which may hold several statements.
          exec: async (sql) => {
            await client.query(sql)
          },
        })
        await client.query('COMMIT')
        client.release()
        return result
      } catch (error) {
        // A connection that cannot even roll back is broken: it is not given to anyone else.
        const broken = await client.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: unknown) => rollbackError as Error,
        )
        client.release(broken)
        throw error
      }
    },
    async tryHoldLock(key) {
      // The lock lives on one dedicated session: when this process dies, or stops sending
      // heartbeats for the lease, PostgreSQL ends the session and another process takes over.
      let session = lock
      try {
        if (session?.held.has(key)) {
          const [row] = await lockQuery<{ held: boolean }>(session, LOCK_HELD_SQL, [
            key,
            session.pid,
          ])
          if (row?.held) return true
          loseLock(session, key)
        }
        session ??= lock = await openLockSession()
        const [row] = await lockQuery<{ held: boolean }>(
          session,
          'SELECT pg_try_advisory_lock($1) AS held',
          [key],
        )
        if (row?.held) session.held.add(key)
        return row?.held === true
      } catch (error) {
        if (session) endLockSession(session, error)
        throw error
      }
    },
    releaseLock(key) {
      // Ending the session frees its locks with it; the next try opens a new one.
      if (lock?.held.has(key)) endLockSession(lock)
      return Promise.resolve()
    },
    whileHolding(key, lost) {
      const session = lock
      if (!session?.held.has(key)) throw new LockLostError(key)
      const listeners = session.lost.get(key) ?? new Set()
      session.lost.set(key, listeners.add(lost))
      const check = () => {
        if (session.isOver || !session.held.has(key)) throw new LockLostError(key)
      }
      // Each write re-checks in its own transaction that this session still holds the lock, so
      // a holder resumed after a pause cannot write before its heartbeat has noticed.
      const transaction = async <T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> => {
        check()
        return database.transaction(async (tx) => {
          const [row] = await tx.query<{ held: boolean }>(LOCK_HELD_SQL, [key, session.pid])
          if (!row?.held) {
            loseLock(session, key)
            throw new LockLostError(key)
          }
          return work(tx)
        })
      }
      const fenced: Database = {
        ...database,
        async query(sql, params = []) {
          check()
          if (/^\s*SELECT\b/i.test(sql)) return database.query(sql, params)
          return transaction((tx) => tx.query(sql, params))
        },
        transaction,
        whileHolding: () => fenced,
        close: () => Promise.resolve(),
      }
      return fenced
    },
    listen: (channel, onNotify, onReady) =>
      listenOn(
        () =>
          new pg.Client({
            connectionString: databaseUrl,
            connectionTimeoutMillis: POOL_SETTINGS.connectionTimeoutMillis,
            keepAlive: true,
            keepAliveInitialDelayMillis: POOL_SETTINGS.keepAliveInitialDelayMillis,
          }),
        { channel, onNotify, onReady, report },
      ),
    close: once(async () => {
      if (lock) endLockSession(lock)
      await pool.end()
    }),
  }
  return database
}
