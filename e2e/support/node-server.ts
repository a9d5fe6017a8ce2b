// A Node server a spec starts, stops and starts again itself (a console or the simulation), ready
// once its URL answers; its output is kept for the failure message.
import { spawn, type ChildProcess } from 'node:child_process'

export interface NodeServerOptions {
  /** What the process is, for messages: "console", "simulation". */
  name: string
  /** The script, run as `node --import tsx <script>` from the repository root. */
  script: string
  env: Record<string, string>
  /** Any HTTP answer from this URL means the server listens. */
  readyUrl: string
  readyTimeoutMs?: number
}

export interface NodeServer {
  /** Everything it printed so far. */
  output(): string
  /** SIGTERM, as an operator would stop it; waits for the process to exit (SIGKILL after 10 s). */
  stop(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) })
    return true
  } catch {
    return false
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  if (await answers(options.readyUrl))
    throw new Error(
      `${options.readyUrl} already answers: another server holds the ${options.name}'s port`,
    )
  const child = spawn(process.execPath, ['--import', 'tsx', options.script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const server: NodeServer = {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const done = exited(child)
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await done
      clearTimeout(killer)
    },
  }
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000)
  while (!(await answers(options.readyUrl))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop()
      throw new Error(`The ${options.name} did not start:\n${output}`)
    }
    await sleep(200)
  }
  return server
}
