// The `npm start` host: the console (createConsole) in front of the built pages, on HOST:PORT, with graceful close.
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { hasCodatKey, loadConfig, MISSING_KEY_MESSAGE, type Env } from './config/settings.ts'
import { createConsole, type ConsoleOptions } from './console.ts'
import { createStaticHandler } from './http/static-files.ts'
import { answerClientError } from './http/client-error.ts'

export interface ConsoleServer {
  url: string
  server: Server
  close(): Promise<void>
}

const MAX_CONNECTIONS = 1024

export type StartResult = { ok: true; running: ConsoleServer } | { ok: false; errors: string[] }

export const NO_BUILD_MESSAGE =
  'No built console in dist/. Run `npm run build` first (a live build; the demo build goes to dist-demo/).'

export async function startConsoleServer(
  env: Env,
  {
    distDir = 'dist',
    log,
    withFleet = false,
  }: {
    distDir?: string
    log?: ConsoleOptions['log']
    /** Also run the fleet (store, scanner, webhooks, metrics); `npm start` does. */
    withFleet?: boolean
  } = {},
): Promise<StartResult> {
  if (!hasCodatKey(env)) return { ok: false, errors: [MISSING_KEY_MESSAGE] }
  const result = loadConfig(env)
  if (!result.ok) return { ok: false, errors: result.errors }
  const root = resolve(distDir)
  if (!existsSync(join(root, 'index.html'))) return { ok: false, errors: [NO_BUILD_MESSAGE] }

  const built = await createConsole(result.config, {
    logPages: true,
    withFleet,
    ...(log ? { log } : {}),
  })
  if (!built.ok) return built
  const { live } = built
  const { port: wanted, host } = live.settings
  const serveStatic = createStaticHandler(root)
  // A slow client gets 10 s to send its headers (Node's default is 60 s), and the number of
  // open connections is capped so a crowd of idle sockets cannot exhaust file descriptors.
  const server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: 120_000, headersTimeout: 10_000 },
    (req, res) => {
      live.handle(req, res, (error) => {
        if (error === undefined) return serveStatic(req, res)
        res.statusCode = 500
        res.end()
      })
    },
  )
  server.maxConnections = MAX_CONNECTIONS
  server.on('clientError', answerClientError)
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail)
      server.listen(wanted, host, () => done())
    })
  } catch (error) {
    await live.close()
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EADDRINUSE' ? 'the port is in use (set PORT)' : (code ?? String(error))
    return { ok: false, errors: [`Cannot listen on ${host}:${wanted}: ${why}`] }
  }
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    ok: true,
    running: {
      url: `http://${shownHost}:${port}`,
      server,
      close: () =>
        new Promise<void>((done) => {
          // Finish requests in flight, drop idle keep-alive sockets, give stragglers 5 s.
          const force = setTimeout(() => server.closeAllConnections(), 5000)
          force.unref()
          server.close(() => {
            clearTimeout(force)
            // live.close() never rejects (it catches); done runs either way.
            live.close().then(done, done)
          })
          server.closeIdleConnections()
        }),
    },
  }
}
