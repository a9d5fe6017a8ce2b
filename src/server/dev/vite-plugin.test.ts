// @vitest-environment node
// The Vite plugin in dev and preview, with and without a key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { server } from '../../mocks/node.ts'
import type { Middleware } from '../proxy.ts'
import { allowLoopback, send, startFakeCodat, type FakeCodat } from '../testing/test-harness.ts'
import { consoleProxyPlugin } from './vite-plugin.ts'

type Hook = (server: unknown) => Promise<void>

let codat: FakeCodat
let envDir: string

beforeAll(async () => {
  codat = await startFakeCodat()
  envDir = mkdtempSync(join(tmpdir(), 'plugin-env-'))
})
afterAll(async () => {
  await codat.close()
  rmSync(envDir, { recursive: true, force: true })
})
beforeEach(() => allowLoopback(server))

/** Runs the plugin's hooks against a stand-in for Vite's server and returns what it mounted. */
async function mount(
  kind: 'dev' | 'preview',
  host?: string | boolean,
  mode = 'development',
  withFleet = false,
): Promise<Middleware[]> {
  const plugin = consoleProxyPlugin({ log: () => undefined, withFleet })
  ;(plugin.configResolved as (config: unknown) => void)({ mode, envDir })
  const mounted: Middleware[] = []
  const fake = {
    middlewares: { use: (middleware: Middleware) => mounted.push(middleware) },
    config: { server: { host }, preview: { host } },
    httpServer: { once: () => undefined },
  }
  const hook = kind === 'dev' ? plugin.configureServer : plugin.configurePreviewServer
  await (hook as Hook)(fake)
  return mounted
}

async function serve(middleware: Middleware, path: string) {
  const host = createServer((req: IncomingMessage, res: ServerResponse) =>
    middleware(req, res, () => res.end('next')),
  )
  await new Promise<void>((done) => host.listen(0, '127.0.0.1', done))
  const reply = await send(`http://127.0.0.1:${(host.address() as AddressInfo).port}`, path)
  await new Promise((done) => host.close(done))
  return reply
}

describe('consoleProxyPlugin', () => {
  it('leaves the dev server alone without a key (the in-browser demo)', async () => {
    expect(await mount('dev')).toEqual([])
  })

  it('answers /api with a 503 that explains the key in a keyless preview', async () => {
    const [middleware] = await mount('preview')
    const api = await serve(middleware!, '/api/companies')
    expect(api.status).toBe(503)
    expect(JSON.parse(api.body)).toMatchObject({ statusCode: 503, service: 'ConsoleProxy' })
    expect(api.body).toMatch(/CODAT_API_KEY/)
    expect((await serve(middleware!, '/')).body).toBe('next')
  })

  it('mounts the proxy with a key from .env, in dev and preview', async () => {
    writeFileSync(join(envDir, '.env'), `CODAT_API_KEY=plugin-key\nCODAT_BASE_URL=${codat.url}\n`)
    for (const kind of ['dev', 'preview'] as const) {
      const [proxy] = await mount(kind)
      const session = await serve(proxy!, '/api/session')
      expect(JSON.parse(session.body)).toMatchObject({ mode: 'live' })
      const page = await serve(proxy!, '/')
      expect(page.body).toBe('next')
      expect(Boolean(page.headers['content-security-policy'])).toBe(kind === 'preview')
    }
    await serve((await mount('dev'))[0]!, '/api/companies')
    expect(codat.requests.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from('plugin-key').toString('base64')}`,
    )
    await expect(mount('dev', true)).rejects.toThrow(/CONSOLE_USERS is empty/)
    expect(await mount('dev', undefined, 'test')).toEqual([])
    rmSync(join(envDir, '.env'))
  })

  it('waits for the fleet store, and refuses to start when it cannot open', async () => {
    // Nothing listens on port 1: the store's first connection is refused at once.
    const unreachable = 'postgres://console:console@127.0.0.1:1/console'
    writeFileSync(
      join(envDir, '.env'),
      `CODAT_API_KEY=plugin-key\nCODAT_BASE_URL=${codat.url}\nDATABASE_URL=${unreachable}\n`,
    )
    for (const kind of ['dev', 'preview'] as const) {
      await expect(mount(kind, undefined, 'development', true)).rejects.toThrow(
        /Live mode cannot start:\n {2}- Cannot open the fleet store in DATABASE_URL: /,
      )
    }
    rmSync(join(envDir, '.env'))
  })
})
