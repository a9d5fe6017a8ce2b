// The `npm start` server: the proxy in front of the built console, on HOST:PORT, with graceful close.
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { hasCodatKey, loadConfig, MISSING_KEY_MESSAGE, type Env } from './config.ts'
import { createProxy, type ProxyOptions } from './proxy.ts'
import { startLiveServices, type LiveServices } from './live-services.ts'
import { createStaticHandler } from './static-files.ts'
import { answerClientError } from './client-error.ts'

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
    log?: ProxyOptions['log']
    /** Also run the fleet (store, scanner, webhooks, metrics); `npm start` does. */
    withFleet?: boolean
  } = {},
): Promise<StartResult> {
  if (!hasCodatKey(env)) return { ok: false, errors: [MISSING_KEY_MESSAGE] }
  const result = loadConfig(env)
  if (!result.ok) return { ok: false, errors: result.errors }
  const root = resolve(distDir)
  if (!existsSync(join(root, 'index.html'))) return { ok: false, errors: [NO_BUILD_MESSAGE] }

  const { config } = result
  let live: LiveServices | undefined
  if (withFleet) {
    live = startLiveServices(config, log)
    try {
      await live.fleet
    } catch (error) {
      const where = config.fleet.databaseUrl
        ? 'DATABASE_URL'
        : `FLEET_DATA_DIR (${config.fleet.dataDir})`
      // One line for the person starting it; everything the error carries goes to the log.
      const message = (error as Error).message
      const writeLog = log ?? ((line: string) => process.stdout.write(`${line}\n`))
      writeLog(JSON.stringify({ type: 'fleet', event: 'store-open-failed', message }))
      return {
        ok: false,
        errors: [`Cannot open the fleet store in ${where}: ${firstLine(message)}`],
      }
    }
  }
  const proxy = createProxy(config, {
    logPages: true,
    ...(log ? { log } : {}),
    ...live?.proxyOptions,
  })
  const serveStatic = createStaticHandler(root)
  // A slow client gets 10 s to send its headers (Node's default is 60 s), and the number of
  // open connections is capped so a crowd of idle sockets cannot exhaust file descriptors.
  const server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: 120_000, headersTimeout: 10_000 },
    (req, res) => {
      proxy(req, res, (error) => {
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
      server.listen(config.port, config.host, () => done())
    })
  } catch (error) {
    proxy.close()
    await live?.close()
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EADDRINUSE' ? 'the port is in use (set PORT)' : (code ?? String(error))
    return { ok: false, errors: [`Cannot listen on ${config.host}:${config.port}: ${why}`] }
  }
  const { port } = server.address() as AddressInfo
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host
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
            proxy.close()
            // live.close() never rejects (it catches); done runs either way.
            ;(live?.close() ?? Promise.resolve()).then(done, done)
          })
          server.closeIdleConnections()
        }),
    },
  }
}

/** A message's first line, cut short: a library's error can carry pages of its source. */
export function firstLine(message: string, max = 400): string {
  const line = message.split('\n', 1)[0]?.trim() ?? ''
  return line.length > max ? `${line.slice(0, max - 3)}...` : line || 'no details (see the log)'
}
