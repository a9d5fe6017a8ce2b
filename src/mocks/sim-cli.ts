// `npm run sim`: the simulated Codat on loopback, for the live proxy and its end-to-end tests.
import { MAX_FLEET_SIZE } from './demo-persistence.ts'
import { startSimServer } from './http.ts'
import { generatedCountFor } from './seed.ts'
import { simLimitsFromEnv } from './sim-limits.ts'
import { startWebhookSender } from './sim-webhooks.ts'
import { createWorld } from './world.ts'

const port = Number(process.env.SIM_PORT ?? 4010)
const apiKey = process.env.SIM_API_KEY || undefined
// SIM_COMPANIES=N: a fleet of N companies in all (the hand-made ones plus generated ones).
const companiesText = process.env.SIM_COMPANIES?.trim() || undefined
const companies = companiesText === undefined ? undefined : Number(companiesText)
if (
  companies !== undefined &&
  !(Number.isInteger(companies) && companies >= 0 && companies <= MAX_FLEET_SIZE)
) {
  console.error(
    `SIM_COMPANIES must be a whole number from 0 to ${MAX_FLEET_SIZE} (got ${JSON.stringify(companiesText)})`,
  )
  process.exit(1)
}

const limits = simLimitsFromEnv(process.env)
const latencyMs = Number(process.env.SIM_LATENCY_MS ?? 0) || undefined

const world = createWorld(
  companies === undefined ? {} : { generatedCompanies: generatedCountFor(companies) },
)
const sim = await startSimServer({
  port,
  host: '127.0.0.1',
  world,
  ...(apiKey && { apiKey }),
  ...(limits && { limits }),
  ...(latencyMs && { latencyMs }),
})
console.log(
  `Simulated Codat listening on ${sim.url} with ${world.companies().length} companies ` +
    `(${apiKey ? 'requires SIM_API_KEY' : 'any Basic key'}` +
    `${limits ? `; limits ${JSON.stringify(limits)}` : ''})`,
)

// SIM_WEBHOOK_URL + SIM_WEBHOOK_SECRET: send signed read.completed events when pull operations end.
const webhookUrl = process.env.SIM_WEBHOOK_URL?.trim()
const webhookSecret = process.env.SIM_WEBHOOK_SECRET?.trim()
if (webhookUrl && webhookSecret) {
  startWebhookSender({
    world,
    url: webhookUrl,
    secret: webhookSecret,
    onError: (error) => console.error('Webhook delivery failed:', (error as Error).message),
  })
  console.log(`Sending signed webhooks to ${webhookUrl}`)
}

let isClosing = false
const stop = (): void => {
  if (isClosing) return
  isClosing = true
  void sim.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
