// `npm start`: checks the settings, then serves the built console and the proxy until SIGINT/SIGTERM.
import { loadDotEnv } from './config.ts'
import { startConsoleServer } from './console-server.ts'

loadDotEnv()
const result = await startConsoleServer(process.env)
if (!result.ok) {
  process.stderr.write(
    `Codat Refresh Console cannot start:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`,
  )
  process.exit(1)
}
const { running } = result
process.stdout.write(`Codat Refresh Console (live) on ${running.url}\n`)

let stopping = false
const stop = (signal: string) => {
  if (stopping) process.exit(1)
  stopping = true
  process.stdout.write(`${signal}: finishing requests in flight, then stopping\n`)
  void running.close().then(() => process.exit(0))
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
