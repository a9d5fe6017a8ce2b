// @vitest-environment node
// A real `npm start` on PostgreSQL while the database misbehaves: backends killed under follow-up
// reads and webhook work, and the database gone and back during a scan. The process stays up.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createServer, Socket, type AddressInfo, type Server } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimServer, type SimServer } from '../../mocks/http.ts'
import { openDatabase, type Database } from '../store/database.ts'
import { requireTestDatabaseUrl, resetTestDatabase } from '../testing/test-database-url.ts'

const SECRET = `whsec_${Buffer.from('store-faults-webhook-secret-32by').toString('base64')}`

/** A TCP relay in front of PostgreSQL that a test can cut, as a restart or a lost network would. */
interface Relay {
  port: number
  /** Drops every connection and refuses new ones for `ms`. */
  outage(ms: number): Promise<void>
  close(): Promise<void>
}

async function startRelay(target: { host: string; port: number }): Promise<Relay> {
  const sockets = new Set<Socket>()
  let refusing = false
  const server: Server = createServer((client) => {
    if (refusing) return client.destroy()
    const upstream = new Socket()
    sockets.add(client).add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    upstream.connect(target.port, target.host, () => {
      client.pipe(upstream)
      upstream.pipe(client)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    async outage(ms) {
      refusing = true
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      await new Promise((resolve) => setTimeout(resolve, ms))
      refusing = false
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

let sim: SimServer
let relay: Relay
let db: Database
let child: ChildProcess | undefined
let folder = ''
let output = ''
let url = ''

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > end)
      throw new Error(`Timed out waiting for ${what}. Console output:\n${output.slice(-4000)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

interface FleetAnswer {
  summary: { total: number }
  scan: { state: string; lastCompletedAt: string | null; progress: { done: number } | null }
}

async function fleet(): Promise<FleetAnswer> {
  const response = await fetch(`${url}/api/fleet?pageSize=1`, { signal: AbortSignal.timeout(5000) })
  if (!response.ok) throw new Error(`GET /api/fleet: ${response.status}`)
  return (await response.json()) as FleetAnswer
}

/** Polls /healthz every 100 ms until stopped; every answer must be a 200 within a second. */
function watchHealth() {
  const failures: string[] = []
  let answered = 0
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      try {
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })
        if (response.status !== 200) failures.push(`status ${response.status}`)
        else answered += 1
      } catch (error) {
        failures.push((error as Error).message)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      return { failures, answered }
    },
  }
}

async function terminateConsoleBackends(): Promise<number> {
  const rows = await db.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND application_name <> 'store-faults-test'`,
  )
  return rows.filter((row) => row.ended).length
}

async function sendWebhook(companyId: string, n: number): Promise<number> {
  const body = JSON.stringify({
    id: `evt-${n}`,
    eventType: 'read.completed',
    generatedDate: new Date().toISOString(),
    payload: {
      referenceCompany: { id: companyId, name: 'Webhook company' },
      dataTypes: [{ dataType: 'invoices', status: 'Complete', connectionId: companyId }],
    },
  })
  const id = `msg_fault_${n}_${Date.now()}`
  const at = new Date()
  const signature = new Webhook(SECRET).sign(id, at, body)
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
    'svix-id': id,
    'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
    'svix-signature': signature,
  }
  const response = await fetch(`${url}/webhooks/codat`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(20_000),
  }).catch(() => undefined)
  return response?.status ?? 0
}

beforeAll(async () => {
  const target = new URL(requireTestDatabaseUrl())
  db = await openDatabase({ databaseUrl: requireTestDatabaseUrl() })
  await db.query("SET application_name = 'store-faults-test'")
  // A clean database: these tests own it.
  await resetTestDatabase(db)
  // Slow enough answers that a scan of the demo's ~300 companies takes several seconds.
  sim = await startSimServer({ port: 0, latencyMs: 15, limits: { concurrency: 50 } })
  relay = await startRelay({ host: target.hostname, port: Number(target.port || 5432) })
  const through = new URL(target.href)
  through.hostname = '127.0.0.1'
  through.port = String(relay.port)
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  // `npm start` serves dist/; the tests run beside the build, so the console gets a folder of its own.
  folder = mkdtempSync(join(tmpdir(), 'store-faults-'))
  mkdirSync(join(folder, 'dist'))
  writeFileSync(join(folder, 'dist', 'index.html'), '<!doctype html><title>console</title>')
  symlinkSync(resolve('node_modules'), join(folder, 'node_modules'))
  child = spawn(process.execPath, ['--import', 'tsx', resolve('src/server/start.ts')], {
    cwd: folder,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      CODAT_API_KEY: 'test-key',
      CODAT_BASE_URL: sim.url,
      DATABASE_URL: through.href,
      CODAT_WEBHOOK_SECRET: SECRET,
      FLEET_CONCURRENCY: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-200_000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  await until(async () => (await fetch(`${url}/healthz`)).ok, 'the console to listen')
}, 120_000)

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve))
    child.kill('SIGTERM')
    const killer = setTimeout(() => child?.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  }
  await relay?.close()
  await sim?.close()
  await db?.close()
  if (folder) rmSync(folder, { recursive: true, force: true })
})

describe('npm start on a PostgreSQL that fails under it', () => {
  it('stays up while its backends are ended under follow-up reads and webhook work, and recovers', async () => {
    // The first scan fills the store.
    await until(async () => (await fleet()).scan.lastCompletedAt !== null, 'the first scan')
    const companies = sim.world.companies()
    const health = watchHealth()
    // Webhooks queue follow-up reads and write to the store; end every backend while they run.
    const deliveries = companies.slice(0, 12).map((company, n) => sendWebhook(company.id, n))
    let ended = 0
    for (let round = 0; round < 4; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      ended += await terminateConsoleBackends()
    }
    const statuses = await Promise.all(deliveries)
    // A delivery the store could not take is answered 5xx (Codat sends it again), never lost.
    expect(
      statuses.filter((status) => status !== 202 && status !== 204 && status < 500),
      output.slice(-3000),
    ).toEqual([])
    const { failures, answered } = await health.stop()
    expect(ended).toBeGreaterThan(0)
    expect(failures, output.slice(-3000)).toEqual([])
    expect(answered).toBeGreaterThan(3)
    expect(child?.exitCode).toBeNull()
    // Back on its own: the fleet answers from the store again.
    await until(
      async () => (await fleet()).summary.total === companies.length,
      'the fleet to answer',
    )
  }, 120_000)

  it('stays up when the database goes away during a scan and finishes a scan once it is back', async () => {
    const before = (await fleet()).scan.lastCompletedAt
    const response = await fetch(`${url}/api/fleet/scan`, { method: 'POST' })
    expect(response.status).toBe(202)
    await until(async () => (await fleet()).scan.state === 'running', 'the scan to run')
    const health = watchHealth()
    await relay.outage(4000)
    // And the backends of the new connections, once more, while the scan goes on.
    await new Promise((resolve) => setTimeout(resolve, 500))
    await terminateConsoleBackends()
    const { failures, answered } = await health.stop()
    expect(failures, output.slice(-3000)).toEqual([])
    expect(answered).toBeGreaterThan(10)
    expect(child?.exitCode).toBeNull()
    await until(
      async () => {
        const scan = (await fleet()).scan
        return scan.lastCompletedAt !== null && scan.lastCompletedAt !== before
      },
      'a scan to complete after the outage',
      120_000,
    )
    expect((await fleet()).summary.total).toBe(sim.world.companies().length)
    expect(output).not.toMatch(/Unhandled|uncaughtException|ERR_UNHANDLED/)
  }, 180_000)
})
