// Sends Codat's read.completed webhook, signed as Codat documents it (webhook-* headers), when a simulated pull operation ends.
import { Webhook } from 'standardwebhooks'
import type { SimWorld } from './world.ts'

export interface WebhookSenderOptions {
  world: SimWorld
  /** Where the console listens, e.g. http://127.0.0.1:8080/webhooks/codat */
  url: string
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string
  intervalMs?: number
  onError?: (error: unknown) => void
}

export interface WebhookSender {
  /** Deliveries sent so far (for tests). */
  sent(): number
  stop(): void
}

export function startWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const signer = new Webhook(options.secret)
  const reported = new Set<string>()
  let sent = 0

  const tick = async () => {
    const ended = new Map<string, { connectionId: string; dataType: string; status: string }[]>()
    for (const plan of options.world.createdOperations()) {
      if (reported.has(plan.id)) continue
      const operation = options.world.operation(plan.companyId, plan.id)
      if (!operation?.completed) continue
      reported.add(plan.id)
      const types = ended.get(plan.companyId) ?? []
      types.push({
        connectionId: plan.connectionId,
        dataType: plan.dataType,
        status: operation.status,
      })
      ended.set(plan.companyId, types)
    }
    for (const [companyId, dataTypes] of ended) {
      const company = options.world.company(companyId)
      const now = new Date(options.world.now())
      const body = JSON.stringify({
        id: crypto.randomUUID(),
        eventType: 'read.completed',
        generatedDate: now.toISOString(),
        payload: {
          referenceCompany: { id: companyId, name: company?.name },
          modifiedFromDate: now.toISOString(),
          dataTypes: dataTypes.map((type) => ({ ...type, recordsModified: true, issues: [] })),
        },
      })
      const id = `msg_${crypto.randomUUID().replaceAll('-', '')}`
      const at = new Date()
      await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signer.sign(id, at, body),
        },
        body,
      }).then(
        () => (sent += 1),
        (error: unknown) => options.onError?.(error),
      )
    }
  }
  // Operations the world already had are not news.
  for (const plan of options.world.createdOperations()) reported.add(plan.id)
  let busy = false
  const timer = setInterval(() => {
    if (busy) return
    busy = true
    void tick().finally(() => (busy = false))
  }, options.intervalMs ?? 500)
  return { sent: () => sent, stop: () => clearInterval(timer) }
}
