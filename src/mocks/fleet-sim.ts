// The demo's fleet: what a scanner would have read from the simulated Codat, kept fresh the same way.
import { WEBHOOKS_NOT_CONFIGURED, type FleetScan } from '../api/fleet-schemas'
import { findFailureRun, type RunOperation } from '../lib/failure-run'
import { buildFleetRow, type FleetRow, type TypeHistory } from '../lib/fleet-row'
import { queryFleetRows, summarizeFleetRows, type FleetRowQuery } from '../lib/fleet-query'
import { DEFAULT_STALE_HOURS } from '../lib/health'
import { MINUTE, SECOND } from './codat-dates'
import { endsAt, isRunningAt, operationAt, type OperationPlan } from './operation-lifecycle'
import type { SimCompany } from './sim-model'
import type { SimWorld } from './world'

/** A full scan every 30 minutes, as the server's default FLEET_SCAN_INTERVAL_MINUTES. */
export const DEMO_SCAN_INTERVAL_MS = 30 * MINUTE
/** Companies with something running are read again after this long. */
const RUNNING_REREAD_MS = 2 * MINUTE

interface RunningScan {
  startedAt: number
  msPerCompany: number
  done: number
  total: number
}

const iso = (ms: number): string => new Date(ms).toISOString()

/** A scan takes about 25 ms a company, at least 4 s and at most 40 s, so the demo can watch it. */
function scanPace(total: number): number {
  const duration = Math.min(40 * SECOND, Math.max(4 * SECOND, total * 25))
  return total === 0 ? duration : duration / total
}

/** Per data type: the unbroken run of failures, when a type is running, and when it went stale. */
function typeHistories(plans: readonly OperationPlan[], now: number): Record<string, TypeHistory> {
  const byType = new Map<string, RunOperation[]>()
  const runningSince = new Map<string, number>()
  for (const plan of plans) {
    if (plan.requestedAt > now) continue
    const list = byType.get(plan.dataType) ?? []
    const status = operationAt(plan, now).status
    list.push({
      id: plan.id,
      status,
      requested: { raw: '', epochMs: plan.requestedAt, zone: 'utc' },
    })
    byType.set(plan.dataType, list)
    if (isRunningAt(plan, now)) runningSince.set(plan.dataType, plan.requestedAt)
  }
  const histories: Record<string, TypeHistory> = {}
  for (const [dataType, operations] of byType) {
    const run = findFailureRun(operations)
    const running = runningSince.get(dataType)
    if (run)
      histories[dataType] = { since: iso(run.since.epochMs), failuresInARow: run.failuresInARow }
    else if (running !== undefined) histories[dataType] = { since: iso(running) }
  }
  return histories
}

export class DemoFleet {
  private rows = new Map<string, FleetRow>()
  private origin: number | undefined
  private lastCompletedAt: number | undefined
  private scan: RunningScan | undefined
  private readonly staleHours: number

  constructor(
    private readonly world: SimWorld,
    options: { staleHours?: number } = {},
  ) {
    this.staleHours = options.staleHours ?? DEFAULT_STALE_HOURS
  }

  /** `GET /api/fleet`: the summary over all companies and one page of the filtered rows. */
  answer(query: FleetRowQuery) {
    const rows = this.refresh()
    return {
      summary: summarizeFleetRows(rows),
      scan: this.scanState(),
      companies: queryFleetRows(rows, query),
    }
  }

  /** `POST /api/fleet/scan`: starts a full scan unless one is running. */
  requestScan(): FleetScan {
    this.refresh()
    if (!this.scan) this.startScan(this.world.now())
    return this.scanState()
  }

  private read(company: SimCompany, now: number): FleetRow {
    const dataStatuses = this.world.dataStatus(company)
    const row = buildFleetRow(
      {
        id: company.id,
        name: company.name,
        connections: this.world.connectionsJson(company),
        dataStatuses,
        readAt: iso(now),
        history: typeHistories(this.world.plans(company.id), now),
      },
      { now, staleHours: this.staleHours },
    )
    // A type stale for want of a new success went stale when its last success grew too old.
    for (const problem of row.problems) {
      if (problem.health !== 'stale' || problem.since !== null) continue
      const last = dataStatuses[problem.dataType]?.lastSuccessfulSync
      if (last) problem.since = iso(Date.parse(last) + this.staleHours * 3_600_000)
    }
    return row
  }

  /** Brings the rows up to date with the world: first read, scan progress, re-reads. */
  private refresh(): FleetRow[] {
    const now = this.world.now()
    const origin = this.world.seededAt()
    if (origin !== this.origin) {
      // A new or reset world: the first full read happens now, as a scanner's would at start-up.
      this.origin = origin
      this.scan = undefined
      this.rows = new Map(this.world.companies().map((c) => [c.id, this.read(c, now)]))
      this.lastCompletedAt = now
    }
    this.advanceScan(now)
    this.rereadChanged(now)
    return this.world.companies().map((c) => this.rows.get(c.id) ?? this.reread(c, now))
  }

  private reread(company: SimCompany, now: number): FleetRow {
    const row = this.read(company, now)
    this.rows.set(company.id, row)
    return row
  }

  /** Companies refreshed through the console since their last read, and running ones every 2 min. */
  private rereadChanged(now: number): void {
    const changedAt = new Map<string, number>()
    for (const plan of this.world.createdOperations()) {
      if (plan.requestedAt > now) continue
      const at = Math.min(
        now,
        Math.max(plan.requestedAt, endsAt(plan) <= now ? endsAt(plan) : plan.requestedAt),
      )
      changedAt.set(plan.companyId, Math.max(changedAt.get(plan.companyId) ?? 0, at))
    }
    for (const company of this.world.companies()) {
      const row = this.rows.get(company.id)
      if (!row) continue
      const readAt = row.readAt === null ? 0 : Date.parse(row.readAt)
      const isRunning =
        row.problems.some((p) => p.health === 'in_progress') || row.health === 'in_progress'
      const changed = (changedAt.get(company.id) ?? 0) > readAt
      if (changed || (isRunning && now - readAt >= RUNNING_REREAD_MS)) this.reread(company, now)
    }
  }

  private startScan(at: number): void {
    const total = this.world.companies().length
    this.scan = { startedAt: at, msPerCompany: scanPace(total), done: 0, total }
  }

  private advanceScan(now: number): void {
    const next = (this.lastCompletedAt ?? now) + DEMO_SCAN_INTERVAL_MS
    if (!this.scan && now >= next) this.startScan(next)
    const scan = this.scan
    if (!scan) return
    const companies = this.world.companies()
    const done = Math.min(scan.total, Math.floor((now - scan.startedAt) / scan.msPerCompany))
    for (let index = scan.done; index < done; index++) {
      const company = companies[index]
      if (company) this.reread(company, now)
    }
    scan.done = Math.max(scan.done, done)
    if (scan.done >= scan.total) {
      this.lastCompletedAt = scan.startedAt + scan.total * scan.msPerCompany
      this.scan = undefined
    }
  }

  private scanState(): FleetScan {
    const last = this.lastCompletedAt
    return {
      state: this.scan ? 'running' : 'idle',
      lastCompletedAt: last === undefined ? null : iso(last),
      nextScanAt: this.scan || last === undefined ? null : iso(last + DEMO_SCAN_INTERVAL_MS),
      progress: this.scan ? { done: this.scan.done, total: this.scan.total } : null,
      pausedUntil: null,
      pauseReason: null,
      // The demo receives no webhooks.
      webhooks: WEBHOOKS_NOT_CONFIGURED,
    }
  }
}
