// Loopback load on the live server, each side in its own process, bounded in time:
//   npx tsx .ci/server-load.ts flood [connections=200] [seconds=6]
//     wrong passwords from 127.0.0.2 on every connection while real users sign in from 127.0.0.1:
//     first new users under a flood of guessed names, then known users under a flood on their names;
//   npx tsx .ci/server-load.ts capacity [connections=50] [seconds=5]
//     GET /api/companies through the console to a trivial upstream (a fixed JSON body), beside that
//     upstream's own figure, with access logging on (to /dev/null) and off.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startConsoleServer } from '../src/server/console-server.ts'
import { formatUserEntry } from '../src/server/auth/console-users.ts'
import { loadLoop, openConnection, type LoadReply } from '../src/server/testing/load-client.ts'

const [mode = 'flood', first, second] = process.argv.slice(2)
const KEY = 'load-test-key'
const PASSWORD = 'correct horse battery staple 42'
const basic = (user: string, password: string, scheme = 'Basic') =>
  `${scheme} ${Buffer.from(`${user}:${password}`).toString('base64')}`

type Reply = LoadReply

/** One request on a connection of its own (a new sign-in from a real user's browser). */
async function once(port: number, path: string, headers: Record<string, string>): Promise<Reply> {
  const connection = openConnection(port)
  const reply = await connection.get(path, headers)
  connection.close()
  return reply
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}
const byStatus = (replies: Reply[]) =>
  replies.reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
    {},
  )
const ms = (value: number) => `${value.toFixed(0)} ms`

function child(args: string[]): Promise<{ port: number; process: ChildProcess }> {
  const proc = fork(import.meta.filename, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  return new Promise((resolve, reject) => {
    proc.once('message', (message) =>
      resolve({ port: (message as { port: number }).port, process: proc }),
    )
    proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)))
  })
}

async function serveConsole(env: Record<string, string>) {
  const dist = mkdtempSync(join(tmpdir(), 'load-dist-'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>')
  const quiet = env.LOAD_QUIET === '1'
  const started = await startConsoleServer(
    { ...env, HOST: '127.0.0.1', PORT: '0' },
    { distDir: dist, ...(quiet ? { log: () => {} } : {}) },
  )
  if (!started.ok) throw new Error(started.errors.join('\n'))
  process.send?.({ port: Number(new URL(started.running.url).port) })
}

function serveUpstream() {
  const body = JSON.stringify({ results: [], pageNumber: 1, pageSize: 100, totalResults: 0 })
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length })
    res.end(body)
  })
  server.listen(0, '127.0.0.1', () =>
    process.send?.({ port: (server.address() as AddressInfo).port }),
  )
}

async function flood(connections: number, seconds: number) {
  const names = Array.from({ length: 16 }, (_, i) => `user${i + 1}`)
  const users = await Promise.all(names.map((name) => formatUserEntry(name, 'viewer', PASSWORD)))
  const consoleProc = await child([
    'serve-console',
    JSON.stringify({ CODAT_API_KEY: KEY, CONSOLE_USERS: users.join(','), LOAD_QUIET: '1' }),
  ])
  const port = consoleProc.port
  try {
    // Users 9-16 sign in once before the flood: they are the team with a recent sign-in.
    for (const name of names.slice(8))
      await once(port, '/api/session', { Authorization: basic(name, PASSWORD) })
    const phase = async (
      label: string,
      target: (i: number) => string,
      signIn: (n: number) => string,
    ) => {
      const guesses = loadLoop({
        port,
        connections,
        untilMs: performance.now() + seconds * 1000,
        localAddress: '127.0.0.2',
        request: (i) => ({
          path: '/api/session',
          headers: { Authorization: basic(target(i), `wrong-${i}`) },
        }),
      })
      const real: Reply[] = []
      await new Promise((done) => setTimeout(done, 1000))
      for (let n = 0; n < 8; n += 1) {
        real.push(await once(port, '/api/session', { Authorization: signIn(n) }))
        await new Promise((done) => setTimeout(done, ((seconds - 1.5) * 1000) / 8))
      }
      const flooded = await guesses
      const ok = real.filter((r) => r.status === 200)
      console.log(
        `${label}: ${ok.length}/8 real sign-ins succeeded, ` +
          `median ${ms(
            quantile(
              real.map((r) => r.ms),
              0.5,
            ),
          )}, max ${ms(Math.max(...real.map((r) => r.ms)))}; ` +
          `statuses ${JSON.stringify(byStatus(real))}; ` +
          `flood ${(flooded.length / seconds).toFixed(0)} answers/s ${JSON.stringify(byStatus(flooded))}`,
      )
    }
    await phase(
      `${connections} connections guessing other names, 8 new users`,
      (i) => `guess${i}`,
      (n) => basic(names[n]!, PASSWORD),
    )
    // A different spelling of the scheme misses the credential cache, so the password is checked again.
    await phase(
      `${connections} connections guessing the team's names, 8 users with a recent sign-in`,
      (i) => names[8 + (i % 8)]!,
      (n) => basic(names[8 + n]!, PASSWORD, 'basic'),
    )
  } finally {
    consoleProc.process.kill()
  }
}

async function capacity(connections: number, seconds: number) {
  const upstream = await child(['serve-upstream'])
  const run = async (label: string, port: number, path: string) => {
    const replies = await loadLoop({
      port,
      connections,
      untilMs: performance.now() + seconds * 1000,
      request: () => ({ path }),
    })
    const rate = replies.length / seconds
    console.log(
      `${label}: ${rate.toFixed(0)} req/s, p50 ${quantile(
        replies.map((r) => r.ms),
        0.5,
      ).toFixed(1)} ms, ` +
        `p99 ${quantile(
          replies.map((r) => r.ms),
          0.99,
        ).toFixed(1)} ms, ${JSON.stringify(byStatus(replies))}`,
    )
  }
  try {
    await run(`upstream alone, ${connections} connections`, upstream.port, '/companies')
    for (const quiet of ['0', '1']) {
      const proxy = await child([
        'serve-console',
        JSON.stringify({
          CODAT_API_KEY: KEY,
          CODAT_BASE_URL: `http://127.0.0.1:${upstream.port}`,
          // One loopback client stands in for many people: lift the per-user share to the pool.
          CONSOLE_CALLS_PER_USER: '10',
          CONSOLE_QUEUE_PER_USER: '1000',
          LOAD_QUIET: quiet,
        }),
      ])
      await run(
        `through the console, access log ${quiet === '1' ? 'off' : 'on'}`,
        proxy.port,
        '/api/companies',
      )
      proxy.process.kill()
    }
  } finally {
    upstream.process.kill()
  }
}

if (mode === 'serve-console')
  await serveConsole(JSON.parse(first ?? '{}') as Record<string, string>)
else if (mode === 'serve-upstream') serveUpstream()
else if (mode === 'capacity') await capacity(Number(first ?? 50), Number(second ?? 5))
else await flood(Number(first ?? 200), Number(second ?? 6))
