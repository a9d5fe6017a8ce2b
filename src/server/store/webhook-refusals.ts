// Refused webhook deliveries in the store: per-minute counts by reason, added to by every process, kept about an hour.
import type { SqlRunner } from './database.ts'

export interface RefusalBucket {
  /** The start of the minute, Unix ms. */
  minute: number
  reason: string
  count: number
  /** The latest refusal in it, Unix ms. */
  lastAt: number
}

export interface RefusalTotals {
  reason: string
  count: number
  lastAt: string
}

/** A little over the hour the screen shows, so a process with a slow clock still finds its rows. */
const KEEP_MS = 65 * 60_000

/** Adds the buckets to what other processes counted, and drops the ones nobody reads any more. */
export async function addRefusals(
  db: SqlRunner,
  buckets: readonly RefusalBucket[],
  nowMs: number,
): Promise<void> {
  if (buckets.length === 0) return
  await db.query(
    `INSERT INTO fleet_webhook_refusals AS r (minute, reason, refusals, last_at)
     SELECT to_timestamp(x.minute / 1000.0), x.reason, x.count, to_timestamp(x.last_at / 1000.0)
     FROM jsonb_to_recordset($1::jsonb) AS x(minute bigint, reason text, count integer, last_at bigint)
     ON CONFLICT (minute, reason) DO UPDATE SET refusals = r.refusals + EXCLUDED.refusals,
       last_at = GREATEST(r.last_at, EXCLUDED.last_at)`,
    [
      JSON.stringify(
        buckets.map((b) => ({
          minute: b.minute,
          reason: b.reason,
          count: b.count,
          last_at: b.lastAt,
        })),
      ),
    ],
  )
  await db.query(
    'DELETE FROM fleet_webhook_refusals WHERE minute < to_timestamp($1::double precision / 1000)',
    [nowMs - KEEP_MS],
  )
}

/** Totals per reason over the minutes that started at or after `sinceMs`. */
export async function readRefusals(db: SqlRunner, sinceMs: number): Promise<RefusalTotals[]> {
  const rows = await db.query<{ reason: string; count: number; last_at: Date }>(
    `SELECT reason, sum(refusals)::integer AS count, max(last_at) AS last_at
     FROM fleet_webhook_refusals WHERE minute >= to_timestamp($1::double precision / 1000)
     GROUP BY reason ORDER BY count DESC, reason`,
    [sinceMs],
  )
  return rows.map((row) => ({
    reason: row.reason,
    count: row.count,
    lastAt: new Date(row.last_at).toISOString(),
  }))
}
