// Test-only: a local HTTP receiver for alerts, answering from a script and recording every request.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startFleetAlerts, type FleetAlertsOptions } from '../alerts/fleet-alerts.ts'

export type Answer = number | 'hang'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  at: number
  /** What the receiver answered; 'hang' never answered. */
  answer: Answer
}

export interface AlertReceiver {
  url: URL
  received: Received[]
  /** What the next requests are answered, in turn; then 200. */
  script: Answer[]
  delivered: () => string[]
  close: () => Promise<void>
}

/** A local HTTP receiver answering from a script (then 200), recording every request. */
export async function startReceiver(): Promise<AlertReceiver> {
  const received: Received[] = []
  const script: Answer[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const answer = script.shift() ?? 200
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        answer,
      })
      if (answer === 'hang') return
      response.writeHead(answer, { 'Content-Type': 'text/plain' })
      response.end(answer === 200 ? 'ok' : answer === 404 ? 'no_service' : 'busy')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: new URL(`http://127.0.0.1:${port}/hook`),
    received,
    script,
    // The message ids the receiver took with a 2xx: what a person would have seen.
    delivered: () =>
      received
        .filter((r) => r.answer === 200)
        .map((r) => (JSON.parse(r.body) as { id?: string; text?: string }).id ?? r.body),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * The alerts of a scanning process that sends to a receiver as a signed webhook: no hold, a
 * digest from 10 changes, links to console.example.com, and a sender that waits to be woken.
 */
export function startReceiverAlerts(
  options: Pick<FleetAlertsOptions, 'db' | 'log' | 'stepMs'> & { url: URL; secret: string },
) {
  const { url, secret, ...rest } = options
  return startFleetAlerts({
    ...rest,
    settings: {
      channel: { kind: 'webhook', url, secret },
      holdMs: 0,
      digestThreshold: 10,
      publicUrl: new URL('https://console.example.com/'),
    },
    staleHours: 24,
    worker: { pollMs: 60_000 },
  })
}
