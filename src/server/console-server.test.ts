// @vitest-environment node
// `npm start`: static files from dist/, SPA fallback, start-up refusals and graceful shutdown.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../mocks/node.ts'
import { startConsoleServer, NO_BUILD_MESSAGE, type ConsoleServer } from './console-server.ts'
import { allowLoopback, send, startFakeCodat, type FakeCodat } from './testing/test-harness.ts'

// As `npm start` runs it: node with tsx's loader, so signals reach the server itself.
const TSX_LOADER = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href
const START = resolve('src/server/start.ts')
const INDEX = '<!doctype html><script type="module" src="./assets/index-abc123.js"></script>'

let dir: string
let codat: FakeCodat
let running: ConsoleServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-'))
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'dist', 'index.html'), INDEX)
  writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(join(dir, 'dist', 'favicon.svg'), '<svg/>')
  writeFileSync(join(dir, '.env.secret'), 'nope')
  // A link in dist/ before start-up: a server that lists its files once, following links, would serve it.
  symlinkSync(join(dir, '.env.secret'), join(dir, 'dist', 'linked-early.txt'))
  codat = await startFakeCodat()
  const env = { CODAT_API_KEY: 'k-1', CODAT_BASE_URL: codat.url, PORT: '0' }
  const result = await startConsoleServer(env, { distDir: join(dir, 'dist'), log: () => undefined })
  if (!result.ok) throw new Error(result.errors.join())
  running = result.running
})
afterAll(async () => {
  await running.close()
  await codat.close()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => allowLoopback(server))

describe('npm start serving dist/', () => {
  it('serves index.html without caching and hashed assets for a year', async () => {
    const index = await send(running.url, '/')
    expect(index).toMatchObject({ status: 200, body: INDEX })
    expect(index.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
    })
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/)
    const asset = await send(running.url, '/assets/index-abc123.js')
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const icon = await send(running.url, '/favicon.svg')
    expect(icon.headers['content-type']).toBe('image/svg+xml')
    const again = await send(running.url, '/', {
      headers: { 'If-None-Match': String(index.headers.etag) },
    })
    expect(again.status).toBe(304)
  })

  it('falls back to index.html for client routes, but not for missing files', async () => {
    const route = await send(
      running.url,
      `/companies/8a210b68-6988-11ed-a1eb-0242ac120002/history?page=2`,
    )
    expect(route).toMatchObject({ status: 200, body: INDEX })
    expect((await send(running.url, '/assets/missing.js')).status).toBe(404)
  })

  it("gives Node's own 400 and 431 answers the security headers too", async () => {
    const { port } = new URL(running.url)
    const raw = (text: string) =>
      new Promise<string>((done) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(text))
        let answer = ''
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()))
        socket.on('close', () => done(answer))
      })
    const garbled = await raw('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')
    expect(garbled).toMatch(/^HTTP\/1\.1 400 /)
    expect(garbled).toMatch(/X-Frame-Options: DENY/)
    expect(garbled).toMatch(/Content-Security-Policy: default-src 'self'/)
    const huge = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(huge).toMatch(/^HTTP\/1\.1 431 /)
    expect(huge).toMatch(/X-Content-Type-Options: nosniff/)
  })

  it('serves regular files only, never a symbolic link out of dist/', async () => {
    symlinkSync(join(dir, '.env.secret'), join(dir, 'dist', 'linked.txt'))
    for (const path of ['/linked-early.txt', '/linked.txt']) {
      const reply = await send(running.url, path)
      expect(reply.status).toBe(404)
      expect(reply.body).not.toBe('nope')
    }
  })

  it('never serves files outside dist/ or dotfiles', async () => {
    for (const path of ['/../.env.secret', '/%2e%2e/.env.secret', '/..%2f.env.secret', '/.env']) {
      const reply = await send(running.url, path)
      expect(reply.body).not.toBe('nope')
    }
  })

  it('puts the proxy in front', async () => {
    expect((await send(running.url, '/healthz')).status).toBe(200)
    expect((await send(running.url, '/api/companies')).body).toBe('{"ok":true}')
    expect((await send(running.url, '/api/nope')).status).toBe(404)
  })

  it('refuses to start without a build or with bad settings', async () => {
    const empty = await startConsoleServer({ CODAT_API_KEY: 'k' }, { distDir: join(dir, 'none') })
    expect(empty).toEqual({ ok: false, errors: [NO_BUILD_MESSAGE] })
    const bad = await startConsoleServer(
      { CODAT_API_KEY: 'k', PORT: 'http' },
      { distDir: join(dir, 'dist') },
    )
    expect(bad.ok).toBe(false)
  })
})

function run(cwd: string, env: Record<string, string>, until?: RegExp) {
  return new Promise<{ code: number | null; out: string; stdout: string }>((done) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, START], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    })
    let out = ''
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    let isSignalled = false
    // One SIGTERM: a second one means "stop now" and would cut the graceful stop short.
    const collect = (chunk: Buffer) => {
      out += chunk.toString()
      if (!isSignalled && until?.test(out)) {
        isSignalled = true
        child.kill('SIGTERM')
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('exit', (code) => done({ code, out, stdout }))
  })
}

describe('start.ts', () => {
  it('exits with code 1 and directions when no key is set', async () => {
    const { code, out } = await run(dir, {})
    expect(code).toBe(1)
    expect(out).toMatch(/CODAT_API_KEY/)
    expect(out).toMatch(/CODAT_AUTH_HEADER/)
    expect(out).toMatch(/npm run dev/)
  }, 20_000)

  it('reads .env, serves, and stops cleanly on SIGTERM', async () => {
    writeFileSync(
      join(dir, '.env'),
      `CODAT_API_KEY=from-dotenv\nCODAT_BASE_URL=${codat.url}\nPORT=0\n`,
    )
    const { code, out, stdout } = await run(dir, {}, /on http:\/\/127\.0\.0\.1:\d+/)
    rmSync(join(dir, '.env'))
    expect(out).toMatch(/SIGTERM/)
    // The banner and notices go to stderr: stdout is JSON log lines only.
    for (const line of stdout.split('\n').filter(Boolean))
      expect(() => JSON.parse(line) as unknown).not.toThrow()
    expect(out).not.toMatch(/from-dotenv/)
    expect(code).toBe(0)
    // npm start keeps the fleet in FLEET_DATA_DIR, ./data by default.
    expect(existsSync(join(dir, 'data'))).toBe(true)
  }, 90_000)
})
