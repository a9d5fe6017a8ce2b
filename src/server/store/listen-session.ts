// LISTEN on PostgreSQL: one session of its own that comes back after the database went away.
import type { Client } from 'pg'

/** After the listening session is lost: wait this long before the next try, growing to the last. */
const LISTEN_RETRY_MS = [250, 500, 1000, 2000, 5000]

/**
 * LISTEN holds a session: a client of its own, outside the pool, that is opened again (after a
 * short wait, growing while the database stays away) whenever it ends or breaks.
 */
export async function listenOn(
  newClient: () => Client,
  options: {
    channel: string
    onNotify: (payload: string) => void
    onReady: (() => void) | undefined
    report: (event: string, error: unknown) => void
  },
): Promise<() => Promise<void>> {
  let current: Client | undefined
  let isStopped = false
  let failures = 0
  let retry: NodeJS.Timeout | undefined
  const connect = async (): Promise<void> => {
    const client = newClient()
    let isOver = false
    const lost = (error: unknown) => {
      if (isOver) return
      isOver = true
      if (current === client) current = undefined
      client.end().catch(() => undefined)
      if (isStopped) return
      options.report('listen-session-lost', error)
      const waitMs = LISTEN_RETRY_MS[Math.min(failures, LISTEN_RETRY_MS.length - 1)] ?? 5000
      failures += 1
      // connect() handles its own failures.
      retry = setTimeout(() => {
        connect().catch(() => undefined)
      }, waitMs)
    }
    client.on('error', lost)
    client.on('end', () => lost(new Error('The listening session ended')))
    client.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotify(message.payload ?? '')
    })
    try {
      await client.connect()
      await client.query(`LISTEN "${options.channel.replaceAll('"', '""')}"`)
    } catch (error) {
      return lost(error)
    }
    if (isStopped || isOver) return lost(new Error('Stopped listening'))
    current = client
    failures = 0
    options.onReady?.()
  }
  await connect()
  return async () => {
    isStopped = true
    clearTimeout(retry)
    const client = current
    current = undefined
    await client?.end().catch(() => undefined)
  }
}
