// Test-only: the live console's fleet (store, scanner, routes) behind a proxy on a loopback port,
// with its first full scan done, so a test starts from a filled store.
import type { FleetService } from '../fleet/fleet-service.ts'
import { startLiveServices, type LiveServices } from '../live-services.ts'
import { loadConfig } from '../config/settings.ts'
import type { Database } from '../store/database.ts'
import { startProxyServer, type ProxyServer } from './test-harness.ts'

export interface FleetConsole {
  live: LiveServices
  fleet: FleetService
  proxy: ProxyServer
  close: () => Promise<void>
}

export async function startFleetConsole(
  env: Record<string, string>,
  database: Database,
): Promise<FleetConsole> {
  const config = loadConfig(env)
  if (!config.ok) throw new Error(config.errors.join())
  const live = startLiveServices(config.config, () => undefined, database)
  const fleet = await live.fleet
  const proxy = await startProxyServer(env, live.proxyOptions)
  for (let i = 0; i < 600 && (await fleet.scanBlock()).lastCompletedAt === null; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
  return {
    live,
    fleet,
    proxy,
    close: async () => {
      await proxy.close()
      await live.close()
    },
  }
}
