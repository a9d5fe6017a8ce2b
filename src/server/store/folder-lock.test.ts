// @vitest-environment node
// One console per embedded store: a second process on the folder stops at once with two short lines; the first goes on.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { server } from '../../mocks/node.ts'
import { allowLoopback, send } from '../testing/test-harness.ts'
import {
  consoleFolder,
  runConsole,
  startConsole,
  type ConsoleProcess,
} from '../testing/console-process.ts'
import { FolderInUseError, LOCK_FILE, lockFolder } from './folder-lock.ts'

let dir: string
let sim: SimServer
const consoles: ConsoleProcess[] = []

beforeAll(async () => {
  dir = consoleFolder()
  sim = await startSimServer({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => {
  for (const running of consoles) await running.stop()
  await sim.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => allowLoopback(server))

/** A pid no process has: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid ?? 999_999
}

describe('the lock on the embedded store folder', () => {
  it('is taken by one holder, refused to a second, and let go on release', () => {
    const folder = join(dir, 'unit')
    mkdirSync(folder)
    const held = lockFolder(folder)
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
    })
    // A live process's file: this test's parent, say.
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname() }))
    expect(() => lockFolder(folder)).toThrow(FolderInUseError)
    // Release leaves a file that is not its own.
    held.release()
    expect(existsSync(join(folder, LOCK_FILE))).toBe(true)
    rmSync(join(folder, LOCK_FILE))
    lockFolder(folder).release()
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
  })

  it('takes over the file a dead process left', () => {
    const folder = join(dir, 'stale')
    mkdirSync(folder)
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname() }))
    const held = lockFolder(folder)
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
    })
    held.release()
  })

  it("judges another machine's holder by whether it still touches the file", () => {
    const folder = join(dir, 'shared')
    mkdirSync(folder)
    const file = join(folder, LOCK_FILE)
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: 'elsewhere' }))
    expect(() => lockFolder(folder)).toThrow(/pid \d+ on elsewhere/)
    const longAgo = new Date(Date.now() - 10 * 60_000)
    utimesSync(file, longAgo, longAgo)
    lockFolder(folder).release()
    expect(existsSync(file)).toBe(false)
  })

  it('stops a second console on the same folder at once, and the first goes on', async () => {
    const env = { CODAT_API_KEY: 'test-key', CODAT_BASE_URL: sim.url }
    const first = await startConsole(dir, env)
    consoles.push(first)
    const second = await runConsole(dir, { ...env, CONSOLE_READ_ONLY: '1' }, 30_000)
    expect(second.code).toBe(1)
    const lines = second.stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('Codat Refresh Console cannot start:')
    expect(lines[1]).toContain(join(dir, 'data'))
    expect(lines[1]).toMatch(/FLEET_DATA_DIR/)
    expect(lines[1]).toMatch(/DATABASE_URL/)
    expect(second.stderr.length).toBeLessThan(600)
    expect(second.ms).toBeLessThan(15_000)
    console.info(`second console on the folder exited in ${second.ms} ms`)

    expect((await send(first.url, '/healthz')).status).toBe(200)
    const fleet = await send(first.url, '/api/fleet')
    expect(fleet.status).toBe(200)
    expect(
      (JSON.parse(fleet.body) as { summary: { total: number } }).summary.total,
    ).toBeGreaterThan(0)
    // Its lock file is still there, still its own.
    expect(JSON.parse(readFileSync(join(dir, 'data', LOCK_FILE), 'utf8'))).toMatchObject({
      pid: first.child.pid,
    })
  }, 240_000)

  it('says in one short line why a store cannot open, never a library source', async () => {
    const broken = join(dir, 'broken')
    mkdirSync(broken)
    // A cluster folder that is not one.
    writeFileSync(join(broken, 'PG_VERSION'), '17\n')
    const exit = await runConsole(
      dir,
      { CODAT_API_KEY: 'test-key', CODAT_BASE_URL: sim.url, FLEET_DATA_DIR: broken },
      120_000,
    )
    expect(exit.code).toBe(1)
    const lines = exit.stderr.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatch(/^ {2}- Cannot open the fleet store in FLEET_DATA_DIR/)
    expect(exit.stderr.length).toBeLessThan(600)
    // The details are in the log, stdout's JSON lines.
    expect(exit.stdout).toMatch(/"store-open-failed"/)
    // And the folder is free again for the next try.
    expect(existsSync(join(broken, LOCK_FILE))).toBe(false)
  }, 180_000)
})
