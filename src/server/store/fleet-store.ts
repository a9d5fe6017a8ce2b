// Reads and writes the fleet: company records in batches, health changes, scanner state, webhook ids.
import type { z } from 'zod'
import type { ResolvedFleetQuery } from '../../api/fleet-schemas.ts'
import { nameSearchKey } from '../../lib/name-search.ts'
import type { Database, SqlRunner } from './database.ts'
import type { CompanyRecord, HealthChange } from '../../lib/fleet-row.ts'
import { COMPANY_HEALTHS, type CompanyHealth } from '../../lib/health.ts'
import { queryFleet, type FleetAnswer } from './fleet-query.ts'

export interface FleetStore {
  db: Database
  loadCompanies(ids: readonly string[]): Promise<Map<string, CompanyRecord>>
  writeCompanies(records: readonly CompanyRecord[], changes: readonly HealthChange[]): Promise<void>
  /** Marks companies a running full scan listed, so the ones Codat no longer lists can go at its end. */
  markListed(ids: readonly string[], scanId: number): Promise<void>
  /**
   * After a complete list: counts a miss for each company it did not list (and that was in the
   * store before the scan began), and removes those missed by two complete scans in a row.
   */
  removeUnlisted(scanId: number, scanStartedAt: string): Promise<number>
  removeCompanies(ids: readonly string[]): Promise<void>
  /** Companies with a read running, read last before `readBefore` (ISO-8601) when given. */
  companiesInProgress(readBefore?: string): Promise<string[]>
  countByHealth(): Promise<Record<CompanyHealth, number>>
  query(query: ResolvedFleetQuery): Promise<FleetAnswer>
  /** Asks the scanning process, whichever it is, to read these companies again soon. */
  queueRereads(companies: readonly { id: string; name?: string | undefined }[]): Promise<void>
  takeRereads(limit: number): Promise<{ id: string; name: string | undefined }[]>
  /** True the first time this delivery id is seen, false for a repeat. */
  recordDelivery(id: string, eventType: string): Promise<boolean>
  /**
   * Records a "scan now" for whichever process scans, unless one was recorded less than
   * `coolDownMs` ago (by the database's clock, shared by every process); `isNew` says which.
   */
  requestScan(coolDownMs: number): Promise<{ isNew: boolean; requestedAt: string }>
  /** The last "scan now", and whether a scanner has taken it yet. */
  scanRequest(): Promise<{ requestedAt: string; isTaken: boolean } | undefined>
  /** A scanner takes the request that waits for one: true once per request, whenever it came. */
  takeScanRequest(): Promise<boolean>
  /** Keeps the health history bounded: nothing older than `maxAgeDays`, and `perCompany` rows a company at most. */
  pruneHealthChanges(limits: { maxAgeDays: number; perCompany: number }): Promise<number>
  /** A state value as `schema` reads it; undefined when absent or when it does not fit the schema. */
  getState<S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | undefined>
  setState(key: string, value: unknown): Promise<void>
  /**
   * Tells every console process on this database that `signal` has something for it; inside
   * `inTransaction` it goes out when the transaction commits, and not at all if it rolls back.
   */
  announce(signal: FleetSignal): Promise<void>
  /** Runs `work` over one transaction: everything it wrote is kept, or (when it throws) nothing. */
  inTransaction<T>(work: (store: FleetWrites) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** The reads and writes a webhook delivery makes, for use inside FleetStore.inTransaction. */
export type FleetWrites = Pick<
  FleetStore,
  | 'loadCompanies'
  | 'writeCompanies'
  | 'removeCompanies'
  | 'queueRereads'
  | 'recordDelivery'
  | 'getState'
  | 'setState'
  | 'announce'
>

/** The channel console processes announce fleet signals on (LISTEN/NOTIFY). */
export const FLEET_SIGNAL_CHANNEL = 'fleet_signals'
/** What a process may ask of the scanning one through the store: re-reads, a scan, a pause, a bulk refresh to send. */
export const FLEET_SIGNALS = ['rereads', 'scan-request', 'pause', 'bulk'] as const
export type FleetSignal = (typeof FLEET_SIGNALS)[number]

interface CompanyRow {
  id: string
  name: string
  health: CompanyHealth
  platforms: string[]
  problems: CompanyRecord['problems']
  oldest_last_sync: Date | null
  read_at: Date | null
  has_in_progress: boolean
  read_problem: string | null
  connections: CompanyRecord['connections'] | null
  data_types: CompanyRecord['dataTypes'] | null
}

const RANK: Record<CompanyHealth, number> = Object.fromEntries(
  COMPANY_HEALTHS.map((health, index) => [health, index]),
) as Record<CompanyHealth, number>

const SCAN_REQUEST_KEY = 'scan-request'

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null)

/**
 * PostgreSQL's autovacuum does not run in the embedded database: without this, every rewrite of
 * a company leaves its old rows behind for good, and fleet queries cannot read the indexes alone.
 */
const TIDY_AFTER_ROWS = 5_000

/** Health changes kept for alerts: a month, and at most this many per company. */
export const HEALTH_HISTORY = { maxAgeDays: 30, perCompany: 500 }
const PRUNE_EVERY_MS = 60 * 60_000

export function createFleetStore(db: Database): FleetStore {
  return storeOver(db, db)
}

/** The store's queries over `runner`: the database itself, or one of its transactions. */
function storeOver(db: Database, runner: SqlRunner): FleetStore {
  const isTransaction = runner !== db
  let changedSinceTidy = 0
  let lastPrune = -Infinity
  /** `scanEnded`: a full scan is over, leave the store ready to be read. */
  const tidy = async (rows: number, scanEnded = false) => {
    // VACUUM cannot run in a transaction; the next write outside one catches up.
    if (db.kind !== 'embedded' || isTransaction) return
    changedSinceTidy += rows
    if (changedSinceTidy === 0 || (changedSinceTidy < TIDY_AFTER_ROWS && !scanEnded)) return
    changedSinceTidy = 0
    await db.query(
      'VACUUM (ANALYZE) fleet_companies, fleet_data_types, fleet_connections, fleet_health_counts',
    )
  }
  const pruneHealthChanges: FleetStore['pruneHealthChanges'] = async ({
    maxAgeDays,
    perCompany,
  }) => {
    const rows = await db.query<{ n: number }>(
      `WITH gone AS (
         DELETE FROM fleet_health_changes
         WHERE changed_at < now() - $1::integer * interval '1 day'
           OR id IN (SELECT id FROM (
             SELECT id, row_number() OVER (PARTITION BY company_id
               ORDER BY changed_at DESC, id DESC) AS n
             FROM fleet_health_changes
             WHERE company_id IN (SELECT company_id FROM fleet_health_changes
               GROUP BY company_id HAVING count(*) > $2::integer)) ranked
           WHERE n > $2::integer)
         RETURNING 1)
       SELECT count(*)::integer AS n FROM gone`,
      [maxAgeDays, perCompany],
    )
    return rows[0]?.n ?? 0
  }
  const announce = async (signal: FleetSignal) => {
    await runner.query('SELECT pg_notify($1, $2)', [FLEET_SIGNAL_CHANNEL, signal])
  }
  return {
    db,
    async loadCompanies(ids) {
      const found = new Map<string, CompanyRecord>()
      if (ids.length === 0) return found
      const rows = await runner.query<CompanyRow>(
        `SELECT c.id, c.name, c.health, c.platforms, c.problems, c.oldest_last_sync, c.read_at,
           c.has_in_progress, c.read_problem,
           (SELECT jsonb_agg(jsonb_build_object('id', n.id, 'platformName', n.platform_name,
              'sourceType', n.source_type, 'status', n.status, 'lastSync', n.last_sync) ORDER BY n.id)
              FROM fleet_connections n WHERE n.company_id = c.id) AS connections,
           (SELECT jsonb_agg(jsonb_build_object('dataType', d.data_type, 'status', d.status,
              'lastSuccessfulSync', d.last_successful_sync, 'latestSyncId', d.latest_sync_id,
              'health', d.health, 'since', d.health_since, 'failuresInARow', d.failures_in_a_row,
              'lastError', d.last_error, 'readAt', d.read_at) ORDER BY d.data_type)
              FROM fleet_data_types d WHERE d.company_id = c.id) AS data_types
         FROM fleet_companies c WHERE c.id = ANY($1::text[])`,
        [ids],
      )
      for (const row of rows) {
        found.set(row.id, {
          id: row.id,
          name: row.name,
          health: row.health,
          platforms: row.platforms,
          problems: row.problems,
          oldestLastSuccessfulSync: iso(row.oldest_last_sync),
          readAt: iso(row.read_at),
          hasInProgress: row.has_in_progress,
          ...(row.read_problem !== null && { readProblem: row.read_problem }),
          connections: (row.connections ?? []).map((c) => ({
            ...c,
            lastSync: normalise(c.lastSync),
          })),
          dataTypes: (row.data_types ?? []).map((d) => ({
            ...d,
            lastSuccessfulSync: normalise(d.lastSuccessfulSync),
            since: normalise(d.since),
            readAt: normalise(d.readAt) ?? d.readAt,
          })),
        })
      }
      return found
    },
    async writeCompanies(records, changes) {
      if (records.length === 0 && changes.length === 0) return
      if (isTransaction) await writeBatch(runner, records, changes)
      else await db.transaction((tx) => writeBatch(tx, records, changes))
      await tidy(records.length)
      // The history grows with every change: pruned with the first changes, then hourly (not
      // inside a webhook's transaction: the next ordinary write does it).
      if (!isTransaction && changes.length > 0 && Date.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = Date.now()
        await pruneHealthChanges(HEALTH_HISTORY)
      }
    },
    async markListed(ids, scanId) {
      if (ids.length === 0) return
      await runner.query(
        'UPDATE fleet_companies SET scan_id = $1, missed_scans = 0 WHERE id = ANY($2::text[])',
        [scanId, ids],
      )
      await tidy(ids.length)
    },
    async removeUnlisted(scanId, scanStartedAt) {
      const sweep = async (tx: SqlRunner) => {
        await tx.query(
          `UPDATE fleet_companies SET missed_scans = missed_scans + 1, scan_id = $1
           WHERE scan_id < $1 AND created_at < $2`,
          [scanId, scanStartedAt],
        )
        return tx.query<{ id: string }>(
          'DELETE FROM fleet_companies WHERE missed_scans >= 2 RETURNING id',
        )
      }
      const rows = isTransaction ? await sweep(runner) : await db.transaction(sweep)
      await tidy(rows.length, true)
      return rows.length
    },
    async removeCompanies(ids) {
      if (ids.length === 0) return
      await runner.query('DELETE FROM fleet_companies WHERE id = ANY($1::text[])', [ids])
    },
    async companiesInProgress(readBefore) {
      const rows = await runner.query<{ id: string }>(
        `SELECT id FROM fleet_companies WHERE has_in_progress
           AND ($1::timestamptz IS NULL OR read_at IS NULL OR read_at < $1::timestamptz)
         ORDER BY read_at NULLS FIRST`,
        [readBefore ?? null],
      )
      return rows.map((row) => row.id)
    },
    async countByHealth() {
      const rows = await runner.query<{ health: CompanyHealth; n: number }>(
        'SELECT health, companies AS n FROM fleet_health_counts',
      )
      const counts = Object.fromEntries(COMPANY_HEALTHS.map((h) => [h, 0])) as Record<
        CompanyHealth,
        number
      >
      for (const row of rows) if (row.health in counts) counts[row.health] = row.n
      return counts
    },
    query: (query) => queryFleet(db, query),
    async queueRereads(companies) {
      if (companies.length === 0) return
      await runner.query(
        `INSERT INTO fleet_reread_queue (company_id, name)
         SELECT x.id, x.name FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text)
         ON CONFLICT (company_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, fleet_reread_queue.name)`,
        [JSON.stringify(companies.map((c) => ({ id: c.id, name: c.name ?? null })))],
      )
      await announce('rereads')
    },
    async takeRereads(limit) {
      const rows = await runner.query<{ company_id: string; name: string | null }>(
        `DELETE FROM fleet_reread_queue WHERE company_id IN (
           SELECT company_id FROM fleet_reread_queue ORDER BY requested_at LIMIT $1)
         RETURNING company_id, name`,
        [limit],
      )
      return rows.map((row) => ({ id: row.company_id, name: row.name ?? undefined }))
    },
    async recordDelivery(id, eventType) {
      const rows = await runner.query(
        `INSERT INTO fleet_webhook_deliveries (id, event_type) VALUES ($1, $2)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, eventType],
      )
      // Codat retries for up to a few days; a month of ids is plenty to recognise repeats.
      if (Math.random() < 0.01)
        await runner.query(
          "DELETE FROM fleet_webhook_deliveries WHERE received_at < now() - interval '30 days'",
        )
      return rows.length === 1
    },
    async requestScan(coolDownMs) {
      // One statement, so two processes asked at once record one request between them.
      const rows = await db.query<{ requested_at: string; is_new: boolean }>(
        `WITH asked AS (
           INSERT INTO fleet_state (key, value)
           VALUES ($1, jsonb_build_object('requestedAt', now(), 'takenAt', NULL))
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
           WHERE (fleet_state.value->>'requestedAt')::timestamptz
             <= now() - $2::integer * interval '1 millisecond'
           RETURNING value)
         SELECT value->>'requestedAt' AS requested_at, true AS is_new FROM asked
         UNION ALL
         SELECT value->>'requestedAt', false FROM fleet_state
         WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM asked)`,
        [SCAN_REQUEST_KEY, Math.round(coolDownMs)],
      )
      const row = rows[0]
      if (!row) throw new Error('The scan request was not recorded')
      if (row.is_new) await announce('scan-request')
      return { isNew: row.is_new, requestedAt: new Date(row.requested_at).toISOString() }
    },
    async scanRequest() {
      const rows = await db.query<{ requested_at: string; taken_at: string | null }>(
        `SELECT value->>'requestedAt' AS requested_at, value->>'takenAt' AS taken_at
         FROM fleet_state WHERE key = $1`,
        [SCAN_REQUEST_KEY],
      )
      const row = rows[0]
      return (
        row && {
          requestedAt: new Date(row.requested_at).toISOString(),
          isTaken: row.taken_at !== null,
        }
      )
    },
    async takeScanRequest() {
      const rows = await db.query(
        `UPDATE fleet_state SET value = jsonb_set(value, '{takenAt}', to_jsonb(now()))
         WHERE key = $1 AND value->>'takenAt' IS NULL RETURNING key`,
        [SCAN_REQUEST_KEY],
      )
      return rows.length === 1
    },
    pruneHealthChanges,
    async getState(key, schema) {
      const rows = await runner.query<{ value: unknown }>(
        'SELECT value FROM fleet_state WHERE key = $1',
        [key],
      )
      // Written by this or another version of the console: read like any other input.
      const parsed = schema.safeParse(rows[0]?.value)
      return parsed.success ? parsed.data : undefined
    },
    async setState(key, value) {
      await runner.query(
        `INSERT INTO fleet_state (key, value) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
        [key, JSON.stringify(value)],
      )
    },
    announce,
    inTransaction: (work) => db.transaction((tx) => work(storeOver(db, tx))),
    close: () => db.close(),
  }
}

/** jsonb turns timestamps into strings without a zone marker; give them back as ISO-8601 UTC. */
function normalise(value: string | null): string | null {
  if (!value) return null
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isNaN(date.getTime()) ? value : date.toISOString()
}

async function writeBatch(
  tx: SqlRunner,
  records: readonly CompanyRecord[],
  changes: readonly HealthChange[],
): Promise<void> {
  if (records.length > 0) {
    const ids = records.map((record) => record.id)
    await tx.query(
      `INSERT INTO fleet_companies AS c (id, name, name_key, search_key, health, health_rank, platforms, problem_types,
         problems, oldest_last_sync, read_at, has_in_progress, read_problem)
       SELECT x.id, x.name, x.name_key, x.search_key, x.health, x.rank, ARRAY(SELECT jsonb_array_elements_text(x.platforms)),
         ARRAY(SELECT jsonb_array_elements_text(x.problem_types)), x.problems,
         x.oldest_last_sync, x.read_at, x.has_in_progress, x.read_problem
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, name_key text, search_key text, health text, rank smallint,
         platforms jsonb, problem_types jsonb, problems jsonb, oldest_last_sync timestamptz,
         read_at timestamptz, has_in_progress boolean, read_problem text)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key,
         search_key = EXCLUDED.search_key,
         health = EXCLUDED.health,
         health_rank = EXCLUDED.health_rank, platforms = EXCLUDED.platforms,
         problem_types = EXCLUDED.problem_types, problems = EXCLUDED.problems,
         oldest_last_sync = EXCLUDED.oldest_last_sync, read_at = EXCLUDED.read_at,
         has_in_progress = EXCLUDED.has_in_progress, read_problem = EXCLUDED.read_problem`,
      [
        JSON.stringify(
          records.map((r) => ({
            id: r.id,
            name: r.name,
            // Sorted lower-cased the way the browser does it (see fleet-query.ts), searched folded
            // by the company search's rule.
            name_key: r.name.toLowerCase(),
            search_key: nameSearchKey(r.name),
            health: r.health,
            rank: RANK[r.health],
            platforms: r.platforms,
            problem_types: r.problems.map((p) => p.dataType),
            problems: r.problems,
            oldest_last_sync: r.oldestLastSuccessfulSync,
            read_at: r.readAt,
            has_in_progress: r.hasInProgress,
            read_problem: r.readProblem ?? null,
          })),
        ),
      ],
    )
    await tx.query('DELETE FROM fleet_connections WHERE company_id = ANY($1::text[])', [ids])
    await tx.query('DELETE FROM fleet_data_types WHERE company_id = ANY($1::text[])', [ids])
    const connections = records.flatMap((r) =>
      r.connections.map((c) => ({ ...c, companyId: r.id })),
    )
    if (connections.length > 0)
      await tx.query(
        `INSERT INTO fleet_connections (company_id, id, platform_name, source_type, status, last_sync)
         SELECT x."companyId", x.id, x."platformName", x."sourceType", x.status, x."lastSync"
         FROM jsonb_to_recordset($1::jsonb) AS x("companyId" text, id text, "platformName" text,
           "sourceType" text, status text, "lastSync" timestamptz)`,
        [JSON.stringify(connections)],
      )
    const types = records.flatMap((r) => r.dataTypes.map((d) => ({ ...d, companyId: r.id })))
    if (types.length > 0)
      await tx.query(
        `INSERT INTO fleet_data_types (company_id, data_type, status, last_successful_sync,
           latest_sync_id, health, health_since, failures_in_a_row, last_error, read_at)
         SELECT x."companyId", x."dataType", x.status, x."lastSuccessfulSync", x."latestSyncId",
           x.health, x.since, x."failuresInARow", x."lastError", x."readAt"
         FROM jsonb_to_recordset($1::jsonb) AS x("companyId" text, "dataType" text, status text,
           "lastSuccessfulSync" timestamptz, "latestSyncId" text, health text, since timestamptz,
           "failuresInARow" integer, "lastError" text, "readAt" timestamptz)`,
        [JSON.stringify(types)],
      )
  }
  if (changes.length > 0)
    await tx.query(
      `INSERT INTO fleet_health_changes (company_id, data_type, health, previous_health, changed_at)
       SELECT x."companyId", x."dataType", x.health, x."previousHealth", x."changedAt"
       FROM jsonb_to_recordset($1::jsonb) AS x("companyId" text, "dataType" text, health text,
         "previousHealth" text, "changedAt" timestamptz)`,
      [JSON.stringify(changes)],
    )
}
