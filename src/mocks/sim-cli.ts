// `npm run sim`: the simulated Codat on loopback, for the live proxy and its end-to-end tests.
import { startSimServer } from './http'
import { simLimitsFromEnv } from './sim-limits'

const port = Number(process.env.SIM_PORT ?? 4010)
const apiKey = process.env.SIM_API_KEY || undefined

const limits = simLimitsFromEnv(process.env)
const latencyMs = Number(process.env.SIM_LATENCY_MS ?? 0) || undefined

const sim = await startSimServer({
  port,
  host: '127.0.0.1',
  ...(apiKey && { apiKey }),
  ...(limits && { limits }),
  ...(latencyMs && { latencyMs }),
})
console.log(
  `Simulated Codat listening on ${sim.url} (${apiKey ? 'requires SIM_API_KEY' : 'any Basic key'}` +
    `${limits ? `; limits ${JSON.stringify(limits)}` : ''})`,
)

let isClosing = false
const stop = (): void => {
  if (isClosing) return
  isClosing = true
  void sim.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
