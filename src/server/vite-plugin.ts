// Vite plugin: mounts the live-mode proxy in the dev server and `vite preview` when a Codat key is set.
import type { Connect, Plugin, ResolvedConfig } from 'vite'
import { loadEnv } from 'vite'
import { hasCodatKey, loadConfig, type Env } from './config.ts'
import { sendError } from './http-json.ts'
import { createProxy, type ConsoleProxy, type ProxyOptions } from './proxy.ts'
import { startLiveServices } from './live-services.ts'
import { setSecurityHeaders } from './security-headers.ts'

export const NO_KEY_PREVIEW_MESSAGE =
  'This is a live build, but no Codat key is set, so /api has nothing to talk to. Set ' +
  'CODAT_API_KEY (or CODAT_AUTH_HEADER) in the environment or .env and restart, or build the ' +
  'demo instead: npm run build:demo.'

/**
 * Without a key the dev server is left alone: the app then runs the simulation in the browser.
 * A key with bad settings stops the server with the list of problems rather than half-working.
 */
export function consoleProxyPlugin(options: Pick<ProxyOptions, 'log'> = {}): Plugin {
  let env: Env = process.env
  let isTest = false
  const start = (host: string | boolean | undefined, pageCsp: boolean): ConsoleProxy => {
    // The sign-in requirement follows where Vite itself listens, not HOST (that is npm start's).
    const listen = host === true ? '0.0.0.0' : host || 'localhost'
    const result = loadConfig({ ...env, HOST: listen })
    if (!result.ok) {
      throw new Error(`Live mode cannot start:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`)
    }
    // The same fleet as `npm start`; not inside unit tests, which build Vite servers of their own.
    const live = process.env.VITEST ? undefined : startLiveServices(result.config, options.log)
    live?.fleet.catch((error: unknown) =>
      process.stderr.write(`The fleet cannot start: ${(error as Error).message}\n`),
    )
    const proxy = createProxy(result.config, { ...options, pageCsp, ...live?.proxyOptions })
    return Object.assign(proxy, {
      close: () => {
        proxy.close()
        live?.close().catch(() => undefined)
      },
    })
  }
  return {
    name: 'codat-console-proxy',
    apply: 'serve',
    configResolved(config: ResolvedConfig) {
      // Vitest builds a Vite server from the same config; unit tests never talk to Codat.
      isTest = config.mode === 'test'
      env = { ...loadEnv(config.mode, config.envDir, ''), ...process.env }
    },
    configureServer(server) {
      if (isTest || !hasCodatKey(env)) return
      const proxy = start(server.config.server.host, false)
      server.middlewares.use(proxy)
      server.httpServer?.once('close', () => proxy.close())
    },
    configurePreviewServer(server) {
      if (isTest) return
      if (!hasCodatKey(env)) {
        server.middlewares.use(noKeyMiddleware)
        return
      }
      const proxy = start(server.config.preview.host, true)
      server.middlewares.use(proxy)
      server.httpServer.once('close', () => proxy.close())
    },
  }
}

const noKeyMiddleware: Connect.NextHandleFunction = (req, res, next) => {
  setSecurityHeaders(res)
  const path = req.url?.split('?')[0] ?? '/'
  if (path !== '/api' && !path.startsWith('/api/')) return next()
  sendError(res, 503, NO_KEY_PREVIEW_MESSAGE, 'no-key')
}
