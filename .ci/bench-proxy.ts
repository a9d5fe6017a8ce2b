// The proxy's cost: latency it adds to one Codat call (sequential, in one process, interleaved
// with the same call made direct), and requests per second at 50 concurrent connections through
// `npm start` in front of a trivial upstream, beside that upstream's own figure.
import { spawn, type ChildProcess } from 'node:child_process'
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { startSimServer } from '../src/mocks/http.ts'
import { startConsoleServer } from '../src/server/console-server.ts'

const COMPANY = '446e3388-0a1b-452e-8ac6-62e69181297f'
const PATH = `/companies/${COMPANY}/dataStatus`
const KEY = 'bench-key'
const AUTH = { Authorization: `Basic ${Buffer.from(KEY).toString('base64')}` }

export interface ProxyFigures {
  sequential: { rounds: number; directMs: Stats; proxiedMs: Stats; overheadP50Ms: number }
  capacity: {
    connections: number
    seconds: number
    upstreamRps: number
    proxiedRps: number
    proxiedErrors: number
  }
}
interface Stats {
  p50: number
  p95: number
  p99: number
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) }
}

function get(url: string, headers: Record<string, string>, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const options = agent ? { headers, agent } : { headers: { ...headers, Connection: 'close' } }
    const req = request(url, options, (res) => {
      res.resume()
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`${url} ${res.statusCode}`)),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

/** Sequential GETs on loopback, keep-alive off on both paths alike; the first 50 warm up. */
async function sequential(distDir: string, rounds: number): Promise<ProxyFigures['sequential']> {
  const sim = await startSimServer({ port: 0, apiKey: KEY })
  const started = await startConsoleServer(
    { CODAT_API_KEY: KEY, CODAT_BASE_URL: sim.url, HOST: '127.0.0.1', PORT: '0' },
    { distDir, log: () => {} },
  )
  if (!started.ok) throw new Error(started.errors.join('\n'))
  const proxy = started.running
  const direct: number[] = []
  const proxied: number[] = []
  for (let round = 0; round < rounds + 50; round++) {
    // Interleaved, so drift (GC, CPU frequency) hits both alike.
    const a = await get(`${sim.url}${PATH}`, AUTH)
    const b = await get(`${proxy.url}/api${PATH}`, {})
    if (round >= 50) direct.push(a)
    if (round >= 50) proxied.push(b)
  }
  await proxy.close()
  await sim.close()
  const directMs = stats(direct)
  const proxiedMs = stats(proxied)
  return { rounds, directMs, proxiedMs, overheadP50Ms: proxiedMs.p50 - directMs.p50 }
}

/**
 * A child process that prints a line matching `ready` once listening, on stdout or stderr (the
 * console logs its JSON events to stdout and its words to stderr); resolves with the URL in it.
 * Gives up after 30 s, with what the child printed, rather than let the bench hang.
 */
function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: 'pipe' })
  let output = ''
  return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`${command} ${args.join(' ')} was not ready within 30 s:\n${output}`))
    }, 30_000)
    let isReady = false
    const onData = (chunk: Buffer) => {
      // Drained, not kept, once ready: a full pipe would stall the child.
      if (isReady) return
      output += chunk.toString()
      const url = ready.exec(output)?.[1]
      if (!url) return
      isReady = true
      clearTimeout(timer)
      resolve({ child, url })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))
    })
  })
}

// The trivial upstream: answers every request at once with the same small JSON body.
const TRIVIAL_UPSTREAM = `
const body = JSON.stringify({ results: [], pageNumber: 1, pageSize: 100, totalResults: 0 })
require('node:http').createServer((req, res) => {
  req.resume()
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}).listen(0, '127.0.0.1', function () { console.log('listening http://127.0.0.1:' + this.address().port) })`

/** Completed requests per second with `connections` keep-alive connections kept busy. */
async function load(url: string, connections: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const until = performance.now() + seconds * 1000
  let done = 0
  let errors = 0
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await get(url, {}, agent).then(
          () => done++,
          () => errors++,
        )
      }
    }),
  )
  agent.destroy()
  return { rps: done / seconds, errors }
}

async function capacity(connections = 50, seconds = 5) {
  const upstream = await startChild('node', ['-e', TRIVIAL_UPSTREAM], {}, /listening (\S+)/)
  // `npm start` itself (serving ./dist), one process of its own as in production.
  const proxy = await startChild(
    process.execPath,
    ['--import', 'tsx', 'src/server/start.ts'],
    {
      HOST: '127.0.0.1',
      PORT: '0',
      CODAT_BASE_URL: upstream.url,
      CODAT_API_KEY: KEY,
      // One loopback client stands in for many people: lift the per-user share to the pool.
      CONSOLE_CALLS_PER_USER: '10',
      CONSOLE_QUEUE_PER_USER: '1000',
    },
    /\(live\) on (\S+)/,
  )
  try {
    await load(`${proxy.url}/api${PATH}`, connections, 1) // warm-up
    const direct = await load(`${upstream.url}${PATH}`, connections, seconds)
    const proxied = await load(`${proxy.url}/api${PATH}`, connections, seconds)
    return {
      connections,
      seconds,
      upstreamRps: Math.round(direct.rps),
      proxiedRps: Math.round(proxied.rps),
      proxiedErrors: proxied.errors,
    }
  } finally {
    proxy.child.kill('SIGTERM')
    upstream.child.kill('SIGTERM')
  }
}

export async function measureProxy(distDir: string, rounds: number): Promise<ProxyFigures> {
  return { sequential: await sequential(distDir, rounds), capacity: await capacity() }
}
