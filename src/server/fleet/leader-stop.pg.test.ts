// @vitest-environment node
// A scanning console that stops answering (SIGSTOP: a paused VM, a lost host) loses the lock within
// its lease: the other console scans within a minute, and the stopped one writes nothing when it
// wakes. Connections ended under both consoles (a failover, an operator) crash neither.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { openDatabase } from '../store/database.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'
import { consoleFolder, startConsole, type ConsoleProcess } from '../testing/console-process.ts'

let sim: SimServer
let dir: string
const consoles: ConsoleProcess[] = []

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const logged = (running: ConsoleProcess, event: string) =>
  running.stdout().split(`"event":"${event}"`).length - 1

beforeAll(async () => {
  // Slow enough answers that a full scan is under way when the leader is stopped.
  sim = await startSimServer({ port: 0, host: '127.0.0.1', latencyMs: 50 })
  dir = consoleFolder()
  const db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await resetTestDatabase(db)
  await db.close()
})
afterAll(async () => {
  // stop() sends SIGCONT first: a stopped child would otherwise outlive the test run.
  for (const running of consoles) await running.stop()
  await sim.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a leader that stops answering', () => {
  it('loses the scanner to the other console within a minute', async () => {
    const env = {
      CODAT_API_KEY: 'test-key',
      CODAT_BASE_URL: sim.url,
      DATABASE_URL: requireTestDatabaseUrl(),
    }
    consoles.push(await startConsole(dir, env))
    consoles.push(await startConsole(dir, env))
    await until(() => consoles.some((c) => logged(c, 'scanner-started') === 1), 30_000)
    const leader = consoles.find((c) => logged(c, 'scanner-started') === 1)
    const other = consoles.find((c) => c !== leader)
    if (!leader || !other) throw new Error('no leader')
    await until(() => logged(leader, 'scan-started') === 1, 30_000)

    const stoppedAt = Date.now()
    leader.child.kill('SIGSTOP')
    await until(() => logged(other, 'scanner-started') === 1, 60_000)
    const takeOverMs = Date.now() - stoppedAt
    console.info(`the other console took the scanner over ${takeOverMs} ms after SIGSTOP`)
    expect(takeOverMs).toBeLessThan(60_000)
    // It scans: whether the stopped leader's scan had finished or not, "Scan now" runs one.
    const scanned = logged(other, 'scan-completed')
    const asked = await fetch(`${other.url}/api/fleet/scan`, { method: 'POST' })
    expect(asked.status).toBe(202)
    await until(() => logged(other, 'scan-completed') > scanned, 60_000)
    const fleet = (await (await fetch(`${other.url}/api/fleet`)).json()) as {
      summary: { total: number }
    }
    expect(fleet.summary.total).toBe(sim.world.companies().length)

    // Woken, the old leader finds its lock gone and stops scanning instead of writing on. Its
    // output up to the stop has been read by now: a scan it finished before it counts apart.
    const completedBeforeStop = logged(leader, 'scan-completed')
    leader.child.kill('SIGCONT')
    await until(
      () => logged(leader, 'scanner-lost-lock') + logged(leader, 'scanner-handed-over') === 1,
      20_000,
    )
    expect(logged(leader, 'scan-completed')).toBe(completedBeforeStop)
    const woken = await fetch(`${leader.url}/healthz`).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${leader.stderr().slice(-3000)}`)
    })
    expect(woken.status).toBe(200)
  }, 240_000)

  it('keeps both consoles up when PostgreSQL ends every connection they have', async () => {
    const [one, two] = consoles
    if (!one || !two) throw new Error('the consoles of the test above')
    const admin = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
    const started = consoles.map((c) => logged(c, 'scanner-started'))
    // Mid-scan, so transactions and the lock session are all in use.
    const asked = await fetch(`${one.url}/api/fleet/scan`, { method: 'POST' })
    expect(asked.status).toBe(202)
    const ended = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    )
    await admin.close()
    expect(ended[0]?.n).toBeGreaterThan(1)
    for (const running of consoles) {
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200)
      expect(running.child.exitCode).toBeNull()
    }
    // One of them scans again, on new connections.
    await until(
      () => consoles.some((c, i) => logged(c, 'scanner-started') > (started[i] ?? 0)),
      30_000,
    )
    const fleet = await fetch(`${two.url}/api/fleet`)
    expect(fleet.status).toBe(200)
    expect(consoles.map((c) => c.stdout()).join('')).toMatch(
      /"connection-error"|"lock-session-lost"/,
    )
  }, 120_000)
})
