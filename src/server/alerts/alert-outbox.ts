// The alert outbox in the store: add messages (with the rules' state, in one transaction), claim due ones, record how a send went.
import { randomUUID } from 'node:crypto'
import type { RecentAlert } from '../../api/fleet-schemas.ts'
import { INITIAL_ALERT_STATE, type AlertNotice, type AlertState } from '../../lib/alert-rules.ts'
import type { Database, SqlRunner } from '../store/database.ts'
import { alertMessage, type AlertMessage } from '../../lib/alert-message.ts'

export interface ClaimedAlert {
  id: string
  message: AlertMessage
  /** Tries so far, this one included. */
  attempts: number
}

/** The channel as the Fleet screen shows it: broken since when, and why. */
export interface ChannelHealth {
  brokenSince: string | null
  lastError: string | null
  lastErrorAt: string | null
  lastSentAt: string | null
}

const RULES_KEY = 'rules'
export const CHANNEL_KEY = 'default'
/** Sent and given-up messages are kept this long, to answer "was it sent?". */
const KEEP_DAYS = 7

export const newAlertId = () => `alert_${randomUUID()}`

export async function loadAlertState(db: SqlRunner): Promise<AlertState> {
  const rows = await db.query<{ value: AlertState }>(
    'SELECT value FROM alert_state WHERE key = $1',
    [RULES_KEY],
  )
  return rows[0]?.value ?? INITIAL_ALERT_STATE
}

/**
 * What one step of the rules decided, kept together: the messages join the outbox and the new
 * state is saved in one transaction, so a crash between them neither loses nor repeats one.
 */
export async function saveAlertStep(
  db: Database,
  step: { state: AlertState; notices: readonly AlertNotice[] },
  publicUrl: URL,
): Promise<AlertMessage[]> {
  const messages = step.notices.map((notice) => alertMessage(notice, newAlertId(), publicUrl))
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO alert_state (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [RULES_KEY, JSON.stringify(step.state)],
    )
    await addAlerts(tx, messages)
  })
  return messages
}

export async function addAlerts(db: SqlRunner, messages: readonly AlertMessage[]): Promise<void> {
  if (messages.length === 0) return
  await db.query(
    `INSERT INTO alert_outbox (id, message)
     SELECT x.id, x.message FROM jsonb_to_recordset($1::jsonb) AS x(id text, message jsonb)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(messages.map((message) => ({ id: message.id, message })))],
  )
}

/**
 * Takes up to `limit` due messages, oldest first, for `leaseMs`: rows another process holds
 * are skipped, not waited for, and a lease that ran out (its process died) may be taken.
 */
export async function claimAlerts(
  db: Database,
  worker: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedAlert[]> {
  const rows = await db.transaction((tx) =>
    tx.query<{ id: string; message: AlertMessage; attempts: number; seq: string }>(
      `UPDATE alert_outbox o SET claimed_by = $1, attempts = o.attempts + 1,
         claimed_until = now() + $3::integer * interval '1 millisecond'
       FROM (SELECT id FROM alert_outbox
             WHERE sent_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= now()
               AND (claimed_until IS NULL OR claimed_until < now())
             ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE o.id = due.id
       RETURNING o.id, o.message, o.attempts, o.seq`,
      [worker, limit, Math.round(leaseMs)],
    ),
  )
  return rows
    .sort((a, b) => Number(a.seq) - Number(b.seq))
    .map(({ id, message, attempts }) => ({ id, message, attempts }))
}

/** True when the claim was still this worker's (a lease that ran out may be another's now). */
export async function markSent(db: Database, worker: string, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE alert_outbox SET sent_at = now(), claimed_by = NULL, claimed_until = NULL, last_error = NULL
       WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL RETURNING id`,
      [id, worker],
    )
    await tx.query(
      `INSERT INTO alert_channel (key, last_sent_at) VALUES ($1, now())
       ON CONFLICT (key) DO UPDATE SET last_sent_at = now(), broken_since = NULL`,
      [CHANNEL_KEY],
    )
    await tx.query(
      `DELETE FROM alert_outbox WHERE (sent_at < now() - $1::integer * interval '1 day')
         OR (given_up_at < now() - $1::integer * interval '1 day')`,
      [KEEP_DAYS],
    )
    return rows.length === 1
  })
}

/** A failed try: again after `retryInMs`, or given up (`retryInMs` null). */
export async function markFailed(
  db: Database,
  worker: string,
  id: string,
  error: string,
  retryInMs: number | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE alert_outbox SET claimed_by = NULL, claimed_until = NULL, last_error = $3,
         next_attempt_at = now() + COALESCE($4::integer, 0) * interval '1 millisecond',
         given_up_at = CASE WHEN $4::integer IS NULL THEN now() END
       WHERE id = $1 AND claimed_by = $2`,
      [id, worker, error.slice(0, 500), retryInMs === null ? null : Math.round(retryInMs)],
    )
    await tx.query(
      `INSERT INTO alert_channel (key, broken_since, last_error, last_error_at) VALUES ($1, now(), $2, now())
       ON CONFLICT (key) DO UPDATE SET last_error = EXCLUDED.last_error, last_error_at = now(),
         broken_since = COALESCE(alert_channel.broken_since, now())`,
      [CHANNEL_KEY, error.slice(0, 500)],
    )
  })
}

/** Gives back what this worker claimed and did not finish (a clean stop), for the next to take. */
export async function releaseClaims(db: SqlRunner, worker: string): Promise<void> {
  await db.query(
    `UPDATE alert_outbox SET claimed_by = NULL, claimed_until = NULL, attempts = GREATEST(attempts - 1, 0)
     WHERE claimed_by = $1 AND sent_at IS NULL`,
    [worker],
  )
}

/**
 * Slack takes about one message a second, whichever process sends it: true when this process
 * may send now (and the next may send `paceMs` later).
 */
export async function takeSendTurn(db: SqlRunner, paceMs: number): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO alert_channel AS c (key, next_send_at)
     VALUES ($1, now() + $2::integer * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE SET next_send_at = EXCLUDED.next_send_at
     WHERE c.next_send_at <= now()
     RETURNING key`,
    [CHANNEL_KEY, Math.round(paceMs)],
  )
  return rows.length === 1
}

export async function readChannelHealth(db: SqlRunner): Promise<ChannelHealth> {
  const rows = await db.query<{
    broken_since: Date | null
    last_error: string | null
    last_error_at: Date | null
    last_sent_at: Date | null
  }>(
    'SELECT broken_since, last_error, last_error_at, last_sent_at FROM alert_channel WHERE key = $1',
    [CHANNEL_KEY],
  )
  const row = rows[0]
  const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null)
  return {
    brokenSince: iso(row?.broken_since),
    lastError: row?.last_error ?? null,
    lastErrorAt: iso(row?.last_error_at),
    lastSentAt: iso(row?.last_sent_at),
  }
}

/** Messages neither sent nor given up: waiting for their first try or a retry. */
export async function countWaiting(db: SqlRunner): Promise<number> {
  const rows = await db.query<{ waiting: string | number }>(
    'SELECT count(*) AS waiting FROM alert_outbox WHERE sent_at IS NULL AND given_up_at IS NULL',
  )
  return Number(rows[0]?.waiting ?? 0)
}

/** One message's state, for the test alert's answer. */
export async function alertOutcome(
  db: SqlRunner,
  id: string,
): Promise<
  { isSent: boolean; isGivenUp: boolean; attempts: number; lastError: string | null } | undefined
> {
  const rows = await db.query<{
    sent_at: Date | null
    given_up_at: Date | null
    attempts: number
    last_error: string | null
  }>('SELECT sent_at, given_up_at, attempts, last_error FROM alert_outbox WHERE id = $1', [id])
  const row = rows[0]
  return (
    row && {
      isSent: row.sent_at !== null,
      isGivenUp: row.given_up_at !== null,
      attempts: row.attempts,
      lastError: row.last_error,
    }
  )
}

/** The latest messages, newest first, with how each went (sent ones are kept a week). */
export async function recentAlerts(db: SqlRunner, limit: number): Promise<RecentAlert[]> {
  const rows = await db.query<{
    id: string
    message: AlertMessage
    sent_at: Date | null
    given_up_at: Date | null
    attempts: number
    last_error: string | null
  }>(
    `SELECT id, message, sent_at, given_up_at, attempts, last_error FROM alert_outbox
     ORDER BY seq DESC LIMIT $1`,
    [limit],
  )
  return rows.map((row) => ({
    id: row.id,
    type: String(row.message.type),
    at: row.message.at,
    title: row.message.title,
    text: row.message.text,
    error: row.message.error ?? null,
    links: row.message.links,
    delivery: row.sent_at ? 'sent' : row.given_up_at ? 'given-up' : 'waiting',
    attempts: row.attempts,
    lastError: row.last_error,
  }))
}
