// The live console built once from its settings: the fleet store opened and awaited, its services, the request handler and close(); `npm start` and the Vite server only host it.
import type { ConsoleSettings } from './config/settings.ts'
import { startLiveServices, type LiveServices } from './live-services.ts'
import { createProxy, type Middleware, type ProxyOptions } from './proxy.ts'

/** What differs between hosts: the log, CSP on pages, page access lines; and the fleet on or off. */
export type ConsoleOptions = Pick<ProxyOptions, 'log' | 'pageCsp' | 'logPages'> & {
  /** Run the fleet (store, scanner, webhooks, metrics). On unless a host's unit test says not. */
  withFleet?: boolean
}

export interface LiveConsole {
  settings: ConsoleSettings
  /** Connect-style: answers sign-in, the console's routes and /api itself, next() for the pages. */
  handle: Middleware
  /** Stops the fleet and drops the sockets to Codat; never rejects. */
  close(): Promise<void>
}

export type ConsoleResult = { ok: true; live: LiveConsole } | { ok: false; errors: string[] }

/**
 * Resolves once the console can answer everything it serves: with the fleet, after its store
 * is open and migrated, so a host never listens with a store that cannot open. Then it says
 * why in one line, and the log gets the whole message.
 */
export async function createConsole(
  settings: ConsoleSettings,
  { withFleet = true, ...options }: ConsoleOptions = {},
): Promise<ConsoleResult> {
  const writeLine = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  let services: LiveServices | undefined
  if (withFleet) {
    services = startLiveServices(settings, writeLine)
    try {
      await services.fleet
    } catch (error) {
      const { databaseUrl, dataDir } = settings.fleet
      const where = databaseUrl ? 'DATABASE_URL' : `FLEET_DATA_DIR (${dataDir})`
      const message = (error as Error).message
      writeLine(JSON.stringify({ type: 'fleet', event: 'store-open-failed', message }))
      return {
        ok: false,
        errors: [`Cannot open the fleet store in ${where}: ${firstLine(message)}`],
      }
    }
  }
  const proxyOptions: ProxyOptions = { ...options, log: writeLine, ...services?.proxyOptions }
  const proxy = createProxy(settings, proxyOptions)
  return {
    ok: true,
    live: {
      settings,
      handle: proxy,
      close: async () => {
        proxy.close()
        // services.close() never rejects (it logs instead).
        await services?.close()
      },
    },
  }
}

/** A message's first line, cut short: a library's error can carry pages of its source. */
export function firstLine(message: string, max = 400): string {
  const line = message.split('\n', 1)[0]?.trim() ?? ''
  return line.length > max ? `${line.slice(0, max - 3)}...` : line || 'no details (see the log)'
}
