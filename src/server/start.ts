// `npm start`: checks the settings, then serves the built console, the proxy and the fleet until SIGINT/SIGTERM.
import { loadDotEnv } from './config/settings.ts'
import { startConsoleServer, type ConsoleServer } from './console-server.ts'

const dotEnv = loadDotEnv()
for (const warning of dotEnv.warnings) process.stderr.write(`Warning: ${warning}\n`)
if (dotEnv.error) {
  process.stderr.write(`Codat Refresh Console cannot start:\n  - ${dotEnv.error}\n`)
  process.exit(1)
}
const current: { server?: ConsoleServer } = {}
let stopping = false
const closeAndExit = (server: ConsoleServer): void => {
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Stopping failed: ${(error as Error).message}\n`)
      process.exit(1)
    },
  )
}
// Listen for signals from the start: opening the fleet store can take a few seconds.
const stop = (signal: string) => {
  if (stopping) process.exit(1)
  stopping = true
  process.stderr.write(`${signal}: finishing requests in flight, then stopping\n`)
  if (!current.server) process.exit(0)
  closeAndExit(current.server)
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))

const result = await startConsoleServer(process.env, { withFleet: true })
if (!result.ok) {
  process.stderr.write(
    `Codat Refresh Console cannot start:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`,
  )
  process.exit(1)
}
current.server = result.running
// stdout carries only the JSON log lines, so a log shipper can read it as it is.
process.stderr.write(`Codat Refresh Console (live) on ${result.running.url}\n`)
if (stopping) closeAndExit(result.running)
