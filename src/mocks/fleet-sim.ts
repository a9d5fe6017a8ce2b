// The demo's fleet: what a scanner would have read from the simulated Codat, kept fresh the same way.
import { WEBHOOKS_NOT_CONFIGURED, type FleetScan } from '../api/fleet-schemas.ts'
import { parseCodatDate } from '../lib/dates.ts'
import { newestFirst } from '../lib/failure-run.ts'
import {
  FAILURE_HISTORY_PAGE,
  failureRunReading,
  isCountedFailure,
  MAX_HISTORY_READS_PER_COMPANY,
  typeReadings,
  type CodatTypeStatus,
} from '../lib/fleet-reading.ts'
import {
  deriveCompanyRecord,
  fleetRowOf,
  type CompanyReading,
  type CompanyRecord,
  type FailureRunReading,
  type FleetRow,
  type TypeReading,
} from '../lib/fleet-row.ts'
import { queryFleetRows, summarizeFleetRows, type FleetRowQuery } from '../lib/fleet-query.ts'
import { DEFAULT_STALE_HOURS } from '../lib/health.ts'
import { MINUTE, SECOND } from './codat-dates.ts'
import { DemoAlerts } from './demo-alerts.ts'
import type { KeyValueStore } from './demo-persistence.ts'
import { endsAt, operationAt } from './operation-lifecycle.ts'
import type { SimCompany } from './sim-model.ts'
import type { SimWorld } from './world.ts'

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

/** A time as the store writes it; null when absent. */
const isoOrNull = (epochMs: number | undefined): string | null =>
  epochMs === undefined ? null : iso(epochMs)

export interface DemoFleetOptions {
  staleHours?: number
  /** Where the alerts' links point (the demo's own address). */
  publicUrl?: URL
  /** Keeps what the alerts told across reloads (the browser's localStorage). */
  storage?: KeyValueStore
}

export class DemoFleet {
  private records = new Map<string, CompanyRecord>()
  private origin: number | undefined
  private lastCompletedAt: number | undefined
  private scan: RunningScan | undefined
  private readonly staleHours: number
  private readonly alerts: DemoAlerts

  constructor(
    private readonly world: SimWorld,
    options: DemoFleetOptions = {},
  ) {
    this.staleHours = options.staleHours ?? DEFAULT_STALE_HOURS
    // Links in the feed open this console: the page's own base in the browser.
    const base = options.publicUrl ?? new URL(globalThis.document?.baseURI ?? 'http://localhost/')
    this.alerts = new DemoAlerts(base, this.staleHours, options.storage)
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

  /** `GET /api/fleet/alerts`: what the rules told of the fleet so far, newest first. */
  recentAlerts() {
    this.refresh()
    return this.alerts.recent()
  }

  /**
   * Every company's record as of now, in the world's order: what bulk refresh plans from and
   * follows its pulls with (changed companies are read again first).
   */
  currentRecords(): CompanyRecord[] {
    const now = this.world.now()
    this.refresh()
    return this.world.companies().map((c) => this.records.get(c.id) ?? this.reread(c, now))
  }

  /** `POST /api/fleet/scan`: starts a full scan unless one is running. */
  requestScan(): FleetScan {
    this.refresh()
    if (!this.scan) this.startScan(this.world.now())
    return this.scanState()
  }

  /**
   * Reads a company as the scanner reads it from Codat: data status and connections, and the
   * history of its first few failing types; then judges it against the last reading.
   */
  private read(company: SimCompany, now: number): CompanyRecord {
    const previous = this.records.get(company.id)
    const { record, changes } = deriveCompanyRecord(previous, this.reading(company, now), {
      readAt: iso(now),
      staleHours: this.staleHours,
    })
    this.alerts.written(record, changes, now)
    return record
  }

  private reading(company: SimCompany, now: number): CompanyReading {
    // Times as the scanner reads them: Codat's text, parsed.
    const statuses: Record<string, CodatTypeStatus> = {}
    for (const [key, status] of Object.entries(this.world.dataStatus(company)))
      statuses[key] = {
        ...status,
        lastSuccessfulSync: parseCodatDate(status.lastSuccessfulSync ?? ''),
      }
    let historyReads = 0
    const dataTypes = typeReadings(statuses, isoOrNull).map((type): TypeReading => {
      if (!isCountedFailure(type.status)) return type
      historyReads += 1
      if (historyReads > MAX_HISTORY_READS_PER_COMPANY) return type
      return { ...type, failureRun: this.failureRun(company, type.dataType, now) }
    })
    const reading: CompanyReading = {
      id: company.id,
      name: company.name,
      connections: this.world.connectionsJson(company).map((connection) => ({
        id: connection.id,
        platformName: connection.platformName,
        sourceType: connection.sourceType,
        status: connection.status,
        lastSync: isoOrNull(parseCodatDate(connection.lastSync ?? '')?.epochMs),
      })),
      dataTypes,
    }
    return reading
  }

  /** The type's latest page of history, newest first, as the scanner asks Codat for it. */
  private failureRun(company: SimCompany, dataType: string, now: number): FailureRunReading | null {
    const operations = this.world
      .plans(company.id)
      .filter((plan) => plan.dataType === dataType && plan.requestedAt <= now)
      .flatMap((plan) => {
        const { id, status, requested, errorMessage } = operationAt(plan, now)
        const date = parseCodatDate(requested)
        return date ? [{ id, status, requested: date, errorMessage }] : []
      })
    const page = newestFirst(operations).slice(0, FAILURE_HISTORY_PAGE)
    return failureRunReading(page, operations.length, iso)
  }

  /** Brings the rows up to date with the world: first read, scan progress, re-reads. */
  private refresh(): FleetRow[] {
    const now = this.world.now()
    const origin = this.world.seededAt()
    if (origin !== this.origin) {
      // A new or reset world: the first full read happens now, as a scanner's would at start-up.
      this.origin = origin
      this.scan = undefined
      this.records = new Map()
      this.alerts.begin(origin)
      for (const company of this.world.companies())
        this.records.set(company.id, this.read(company, now))
      this.lastCompletedAt = now
      this.alerts.fullScanCompleted(this.records.size)
    }
    this.advanceScan(now)
    this.rereadChanged(now)
    this.alerts.step(now)
    return this.world
      .companies()
      .map((c) => fleetRowOf(this.records.get(c.id) ?? this.reread(c, now)))
  }

  private reread(company: SimCompany, now: number): CompanyRecord {
    const record = this.read(company, now)
    this.records.set(company.id, record)
    return record
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
      const record = this.records.get(company.id)
      if (!record) continue
      const readAt = record.readAt === null ? 0 : Date.parse(record.readAt)
      const changed = (changedAt.get(company.id) ?? 0) > readAt
      if (changed || (record.hasInProgress && now - readAt >= RUNNING_REREAD_MS))
        this.reread(company, now)
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
      this.alerts.fullScanCompleted(scan.total)
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
