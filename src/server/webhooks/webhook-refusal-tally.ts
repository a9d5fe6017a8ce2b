// Counts refused webhook deliveries in memory and adds them to the store every few seconds, so a flood costs few writes.
import type { WebhookRefusalReason } from '../../api/fleet-schemas.ts'
import type { SqlRunner } from '../store/database.ts'
import { addRefusals, readRefusals, type RefusalBucket } from '../store/webhook-refusals.ts'

export interface RefusalSummary {
  lastHour: number
  lastAt: string | null
  byReason: { reason: string; count: number }[]
}

export interface RefusalTally {
  note(reason: WebhookRefusalReason): void
  /** This process's counts so far, then the last hour of every process's, from the store. */
  summary(): Promise<RefusalSummary>
  /** Writes what is still only in memory (on shutdown). */
  flush(): Promise<void>
  stop(): void
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

export function createRefusalTally(options: {
  db: SqlRunner
  flushMs?: number
  now?: () => number
  log: (entry: Record<string, unknown>) => void
}): RefusalTally {
  const now = options.now ?? Date.now
  let pending = new Map<string, RefusalBucket>()

  const flush = async () => {
    if (pending.size === 0) return
    const buckets = [...pending.values()]
    pending = new Map()
    try {
      await addRefusals(options.db, buckets, now())
    } catch (error) {
      // Kept for the next try; the store may be back by then.
      for (const bucket of buckets) add(bucket)
      throw error
    }
  }
  const add = (bucket: RefusalBucket) => {
    const key = `${bucket.minute} ${bucket.reason}`
    const held = pending.get(key)
    if (held) {
      held.count += bucket.count
      held.lastAt = Math.max(held.lastAt, bucket.lastAt)
    } else pending.set(key, { ...bucket })
  }
  const flushOrLog = () =>
    flush().catch((error: unknown) =>
      options.log({
        type: 'webhook',
        event: 'refusals-not-stored',
        message: (error as Error).message,
      }),
    )
  const timer = setInterval(() => {
    flushOrLog().catch(() => undefined)
  }, options.flushMs ?? 5000)
  timer.unref()

  return {
    note(reason) {
      const at = now()
      add({ minute: at - (at % MINUTE_MS), reason, count: 1, lastAt: at })
    },
    async summary() {
      await flushOrLog()
      const at = now()
      // The minute now running and the 59 before it.
      const rows = await readRefusals(options.db, at - (at % MINUTE_MS) - HOUR_MS + MINUTE_MS)
      return {
        lastHour: rows.reduce((sum, row) => sum + row.count, 0),
        lastAt: rows.reduce<string | null>(
          (latest, row) => (latest === null || row.lastAt > latest ? row.lastAt : latest),
          null,
        ),
        byReason: rows.map((row) => ({ reason: row.reason, count: row.count })),
      }
    },
    flush,
    stop: () => clearInterval(timer),
  }
}
