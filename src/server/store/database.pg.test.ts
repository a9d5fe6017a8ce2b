// @vitest-environment node
// PostgreSQL faults: a backend ended under a transaction or under the lock, and a lock session that stops answering.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LockLostError, openDatabase, type Database } from './database.ts'
import { requireTestDatabaseUrl } from '../testing/test-database-url.ts'

// Not the scanner's key: these tests must not take the lock from a console under test.
const KEY = 7361990

const open: Database[] = []
let admin: Database
const logs: string[] = []

async function connect(options: { lockIdleMs?: number } = {}): Promise<Database> {
  const db = await openDatabase(
    { databaseUrl: requireTestDatabaseUrl() },
    { log: (line) => logs.push(line), ...options },
  )
  open.push(db)
  return db
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The backend holding KEY, ended as an operator (or a failover) would end it. */
async function endLockHolder(): Promise<void> {
  const rows = await admin.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
     WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND granted`,
    [KEY],
  )
  expect(rows).toEqual([{ ended: true }])
}

beforeAll(async () => {
  admin = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await admin.query('CREATE TABLE IF NOT EXISTS database_fault_test (n integer)')
  await admin.query('TRUNCATE database_fault_test')
})
afterEach(async () => {
  for (const db of open.splice(0)) await db.close().catch(() => undefined)
})
afterAll(async () => {
  await admin.query('DROP TABLE IF EXISTS database_fault_test')
  await admin.close()
})

describe('PostgreSQL connection faults', () => {
  it('survives a backend ended while a transaction holds its connection, and recovers', async () => {
    const db = await connect()
    let backendPid = 0
    const failed = db.transaction(async (tx) => {
      const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      backendPid = row?.pid ?? 0
      // The connection sits in the transaction between statements while its backend is ended.
      await until(async () => {
        const [seen] = await admin.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1',
          [backendPid],
        )
        return seen?.n === 0
      })
      await tx.query('INSERT INTO database_fault_test VALUES (1)')
    })
    await until(() => backendPid !== 0)
    await admin.query('SELECT pg_terminate_backend($1)', [backendPid])
    await expect(failed).rejects.toThrow()
    // The pool replaced the broken connection: the store goes on.
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
    expect(await db.transaction((tx) => tx.query('SELECT 2 AS two'))).toEqual([{ two: 2 }])
    expect(logs.some((line) => line.includes('"connection-error"'))).toBe(true)
  })

  it('survives a backend ended during a statement', async () => {
    const db = await connect()
    const slow = db.transaction((tx) => tx.query('SELECT pg_sleep(20)'))
    await until(async () => {
      const rows = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'",
      )
      return rows.length > 0
    })
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)'",
    )
    await expect(slow).rejects.toThrow()
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
  })

  it('takes the lock once per session: a second try checks it instead of stacking it', async () => {
    const first = await connect()
    expect(await first.tryHoldLock(KEY)).toBe(true)
    expect(await first.tryHoldLock(KEY)).toBe(true)
    await first.releaseLock(KEY)
    const second = await connect()
    expect(await second.tryHoldLock(KEY)).toBe(true)
  })

  it('reports a lock session ended under it at once, and refuses writes made under that lock', async () => {
    const leader = await connect()
    const other = await connect()
    expect(await leader.tryHoldLock(KEY)).toBe(true)
    let lost = 0
    const fenced = leader.whileHolding(KEY, () => (lost += 1))
    await fenced.query('INSERT INTO database_fault_test VALUES (1)')
    expect(await other.tryHoldLock(KEY)).toBe(false)

    await endLockHolder()
    await until(() => lost === 1, 5_000)
    await until(() => other.tryHoldLock(KEY))
    // The old holder writes nothing more, even though it never asked again.
    await expect(fenced.query('INSERT INTO database_fault_test VALUES (2)')).rejects.toThrow(
      LockLostError,
    )
    await expect(
      fenced.transaction((tx) => tx.query('INSERT INTO database_fault_test VALUES (3)')),
    ).rejects.toThrow(LockLostError)
    expect(await admin.query('SELECT n FROM database_fault_test ORDER BY n')).toEqual([{ n: 1 }])
    // It asks again: the lock is the other's now, and it does not take it back.
    expect(await leader.tryHoldLock(KEY)).toBe(false)
    expect(lost).toBe(1)
  })

  it('takes the lock again on a new session when its own was ended and nobody else took it', async () => {
    const leader = await connect()
    expect(await leader.tryHoldLock(KEY)).toBe(true)
    let lost = 0
    leader.whileHolding(KEY, () => (lost += 1))
    await endLockHolder()
    await until(() => lost === 1, 5_000)
    await until(() => leader.tryHoldLock(KEY), 5_000)
    const fenced = leader.whileHolding(KEY, () => undefined)
    await fenced.query('INSERT INTO database_fault_test VALUES (7)')
    expect(await admin.query('SELECT n FROM database_fault_test WHERE n = 7')).toEqual([{ n: 7 }])
  })

  it('lets the lock go when its holder stops asking: PostgreSQL ends the idle lock session', async () => {
    const stopped = await connect({ lockIdleMs: 2_000 })
    const other = await connect()
    expect(await stopped.tryHoldLock(KEY)).toBe(true)
    expect(await other.tryHoldLock(KEY)).toBe(false)
    const started = Date.now()
    // `stopped` never checks again, like a process that was paused or lost its host.
    await until(() => other.tryHoldLock(KEY), 15_000)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
