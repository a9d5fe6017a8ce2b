// Vite plugin: hosts the live console (createConsole) in the dev server and `vite preview` when a Codat key is set.
import type { Connect, Plugin, ResolvedConfig } from 'vite'
import { loadEnv } from 'vite'
import { hasCodatKey, loadConfig, type Env } from '../config/settings.ts'
import { createConsole, type ConsoleOptions, type LiveConsole } from '../console.ts'
import { sendError } from '../http/json-answers.ts'
import { setSecurityHeaders } from '../http/security-headers.ts'

export const NO_KEY_PREVIEW_MESSAGE =
  'This is a live build, but no Codat key is set, so /api has nothing to talk to. Set ' +
  'CODAT_API_KEY (or CODAT_AUTH_HEADER) in the environment or .env and restart, or build the ' +
  'demo instead: npm run build:demo.'

/**
 * Without a key the dev server is left alone: the app then runs the simulation in the browser.
 * A key with bad settings, or a fleet store that cannot open, stops the server with the list of
 * problems rather than half-working.
 */
export function consoleProxyPlugin(
  options: Pick<ConsoleOptions, 'log' | 'withFleet'> = {},
): Plugin {
  let env: Env = process.env
  let isTest = false
  const start = async (host: string | boolean | undefined, pageCsp: boolean) => {
    // The sign-in requirement follows where Vite itself listens, not HOST (that is npm start's).
    const listen = host === true ? '0.0.0.0' : host || 'localhost'
    const settings = loadConfig({ ...env, HOST: listen })
    // The same console as `npm start`, fleet included, and only once its store is open.
    const built = settings.ok
      ? await createConsole(settings.config, { ...options, pageCsp })
      : settings
    if (!built.ok) {
      throw new Error(`Live mode cannot start:\n${built.errors.map((e) => `  - ${e}`).join('\n')}`)
    }
    return built.live
  }
  const mount = (
    server: {
      middlewares: Connect.Server
      httpServer: { once(event: 'close', listener: () => void): unknown } | null
    },
    live: LiveConsole,
  ) => {
    server.middlewares.use(live.handle)
    // close() never rejects: it logs what went wrong instead.
    server.httpServer?.once('close', () => {
      live.close().catch(() => undefined)
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
    async configureServer(server) {
      if (isTest || !hasCodatKey(env)) return
      mount(server, await start(server.config.server.host, false))
    },
    async configurePreviewServer(server) {
      if (isTest) return
      if (!hasCodatKey(env)) {
        server.middlewares.use(noKeyMiddleware)
        return
      }
      mount(server, await start(server.config.preview.host, true))
    },
  }
}

const noKeyMiddleware: Connect.NextHandleFunction = (req, res, next) => {
  setSecurityHeaders(res)
  const path = req.url?.split('?')[0] ?? '/'
  if (path !== '/api' && !path.startsWith('/api/')) return next()
  sendError(res, 503, NO_KEY_PREVIEW_MESSAGE, 'no-key')
}
