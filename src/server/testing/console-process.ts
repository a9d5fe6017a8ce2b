// Test-only: real `npm start` console processes in a folder of their own, as an operator runs them.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

// node with tsx's loader, as `npm start` runs it, so signals reach the server itself.
const TSX_LOADER = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href
const START = resolve('src/server/start.ts')

export interface ConsoleProcess {
  child: ChildProcess
  /** Where it listens, from its start-up line. */
  url: string
  stdout(): string
  stderr(): string
  /** SIGCONT (in case a test stopped it), SIGTERM, and SIGKILL after 10 s; waits for the exit. */
  stop(): Promise<void>
}

export interface ConsoleExit {
  code: number | null
  stdout: string
  stderr: string
  /** From spawning to the exit. */
  ms: number
}

/** A folder to run consoles in: a built console in dist/ (one page) and nothing else. */
export function consoleFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-process-'))
  mkdirSync(join(dir, 'dist'))
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>console</title>')
  return dir
}

function launch(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, START], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = { stdout: '', stderr: '' }
  child.stdout.on(
    'data',
    (chunk: Buffer) => (out.stdout = (out.stdout + chunk.toString()).slice(-200_000)),
  )
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return { child, out, exited }
}

/** Starts a console and resolves once it listens; rejects with its output if it exits first. */
export async function startConsole(
  cwd: string,
  env: Record<string, string>,
  readyTimeoutMs = 120_000,
): Promise<ConsoleProcess> {
  const { child, out, exited } = launch(cwd, env)
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGCONT')
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(killer)
  }
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      stop().then(() => fail(new Error(`The console did not start in time:\n${out.stderr}`)), fail)
    }, readyTimeoutMs)
    const look = () => {
      const found = /\(live\) on (http:\/\/\S+)/.exec(out.stderr)
      if (found?.[1]) {
        clearTimeout(timer)
        child.stderr.off('data', look)
        done(found[1])
      }
    }
    child.stderr.on('data', look)
    exited.then((code) => {
      clearTimeout(timer)
      fail(new Error(`The console exited (${code}) before listening:\n${out.stderr}`))
    }, fail)
  })
  return { child, url, stdout: () => out.stdout, stderr: () => out.stderr, stop }
}

/** Runs a console that is expected to stop by itself; SIGKILL after `timeoutMs`. */
export async function runConsole(
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ConsoleExit> {
  const started = Date.now()
  const { child, out, exited } = launch(cwd, env)
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await exited
  clearTimeout(killer)
  return { code, stdout: out.stdout, stderr: out.stderr, ms: Date.now() - started }
}
