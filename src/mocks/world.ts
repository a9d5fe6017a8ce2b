// The simulated Codat's state: companies, connections and pull operations over an injectable clock.
import { nextUtcMidnight } from './codat-dates.ts'
import { planCreatedOperation } from './created-operation.ts'
import { deriveDataStatuses, type DataStatusJson } from './data-status.ts'
import { faultApplies, NO_FAULT, type Fault } from './faults.ts'
import type { SimOptions } from './sim-options.ts'
import {
  endsAt,
  isRunningAt,
  operationAt,
  type OperationPlan,
  type PullOperation,
} from './operation-lifecycle.ts'
import { connectionFor } from './outcomes.ts'
import { PLATFORMS } from './platforms.ts'
import { buildScenario } from './seed.ts'
import {
  companyJson,
  connectionJson,
  type CompanyJson,
  type ConnectionJson,
  type SimCompany,
  type SimConnection,
} from './sim-model.ts'
import { freshState, type PersistedWorld, type Scenario, type WorldOptions } from './world-state.ts'

/** Generated histories kept in memory at once; the rest are recomputed when asked for. */
const GENERATED_CACHE_SIZE = 500

export type QueueResult =
  | { kind: 'queued'; operation: PullOperation }
  | { kind: 'unknown-connection' }
  | { kind: 'no-connection' }
  | { kind: 'in-progress'; runningId: string }

export interface RateLimitInfo {
  limit: number
  remaining: number
  resetAt: number
}

/** Codat's daily quota: 1,000 × (1 + active connected companies). */
const quotaFor = (companies: number): number => 1000 * (1 + companies)

export class SimWorld {
  private readonly clock: () => number
  private readonly scenarioFor: (origin: number, generatedCompanies: number) => Scenario
  private state: PersistedWorld
  private scenario: Scenario
  private readonly generated = new Map<string, OperationPlan[]>()
  private seededByCompany = new Map<string, OperationPlan[]>()
  private companiesById = new Map<string, SimCompany>()
  private requestsToday = 0
  private quotaDay = 0
  private readonly listeners = new Set<() => void>()

  constructor(options: WorldOptions = {}) {
    this.clock = options.now ?? Date.now
    this.scenarioFor = options.scenario ?? buildScenario
    this.state = options.restore ?? freshState(this.clock(), options.generatedCompanies)
    this.scenario = this.buildScenario()
    this.indexSeeded()
  }

  now(): number {
    return this.clock() + this.state.clockOffsetMs
  }

  /** Moves simulated time forward, for a manual demo or a test without its own clock. */
  advance(ms: number): void {
    this.state = { ...this.state, clockOffsetMs: this.state.clockOffsetMs + ms }
    this.changed()
  }

  /** Fresh seed, no faults, no time offset; what `POST /_sim/reset` does. Keeps the fleet size unless given. */
  reset(generatedCompanies = this.state.generatedCompanies): void {
    this.state = freshState(this.clock(), generatedCompanies)
    this.scenario = this.buildScenario()
    this.generated.clear()
    this.indexSeeded()
    this.requestsToday = 0
    this.changed()
  }

  /** When the world was seeded; a reset changes it. */
  seededAt(): number {
    return this.state.origin
  }

  /** Pull operations queued through the API since the world was seeded, oldest first. */
  createdOperations(): readonly OperationPlan[] {
    return this.state.createdOperations
  }

  snapshot(): PersistedWorld {
    return structuredClone(this.state)
  }

  /** Called after every change, e.g. to persist the demo world. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  companies(): SimCompany[] {
    return this.scenario.companies
  }

  company(id: string): SimCompany | undefined {
    return this.companiesById.get(id.toLowerCase())
  }

  companyJson(company: SimCompany): CompanyJson {
    const connections = this.connectionsJson(company)
    const syncs = company.connections.map((c) => this.lastSyncAt(company, c.id))
    const known = syncs.filter((at): at is number => at !== undefined)
    const listed = this.state.omitDataConnections === true ? undefined : connections
    return companyJson(company, listed, known.length ? Math.max(...known) : undefined)
  }

  connectionsJson(company: SimCompany): ConnectionJson[] {
    return company.connections.map((c) =>
      connectionJson(company, c, this.lastSyncAt(company, c.id)),
    )
  }

  /** Every pull operation of the company, seeded, generated and created, in no set order. */
  plans(companyId: string): OperationPlan[] {
    const seeded = this.seededByCompany.get(companyId) ?? []
    const created = this.state.createdOperations.filter((plan) => plan.companyId === companyId)
    return [...this.generatedFor(companyId), ...seeded, ...created]
  }

  operations(companyId: string): PullOperation[] {
    const now = this.now()
    return this.plans(companyId)
      .filter((plan) => plan.requestedAt <= now)
      .map((plan) => operationAt(plan, now))
  }

  operation(companyId: string, datasetId: string): PullOperation | undefined {
    const wanted = datasetId.toLowerCase()
    const plan = this.plans(companyId).find((candidate) => candidate.id === wanted)
    return plan && plan.requestedAt <= this.now() ? operationAt(plan, this.now()) : undefined
  }

  dataStatus(company: SimCompany): Record<string, DataStatusJson> {
    const offered = company.connections.flatMap((c) => PLATFORMS[c.platform].dataTypes)
    return deriveDataStatuses(offered, this.plans(company.id), this.now())
  }

  /** Refresh one type, on the named connection or the one that type belongs on. */
  queue(company: SimCompany, dataType: string, connectionId?: string): QueueResult {
    const connection =
      connectionId === undefined
        ? connectionFor(company, dataType)
        : company.connections.find((c) => c.id === connectionId.toLowerCase())
    if (!connection)
      return { kind: connectionId === undefined ? 'no-connection' : 'unknown-connection' }
    const running = this.running(company.id, dataType)
    if (running) return { kind: 'in-progress', runningId: running.id }
    const plan = this.plan(company, connection, dataType)
    this.state = { ...this.state, createdOperations: [...this.state.createdOperations, plan] }
    this.changed()
    return { kind: 'queued', operation: operationAt(plan, this.now()) }
  }

  /** Queues every type the usable connections offer, skipping types already running. */
  refreshAll(company: SimCompany): number {
    const plans: OperationPlan[] = []
    for (const connection of company.connections) {
      // PendingAuth and Unlinked connections have nothing to read; Deauthorized ones try and fail.
      if (connection.status !== 'Linked' && connection.status !== 'Deauthorized') continue
      for (const dataType of PLATFORMS[connection.platform].dataTypes) {
        if (this.running(company.id, dataType) || plans.some((p) => p.dataType === dataType))
          continue
        const plan = this.plan(company, connection, dataType, plans.length)
        plans.push(plan)
      }
    }
    if (plans.length) {
      this.state = { ...this.state, createdOperations: [...this.state.createdOperations, ...plans] }
      this.changed()
    }
    return plans.length
  }

  get fault(): Fault {
    return this.state.fault
  }

  setFault(fault: Fault): void {
    this.state = { ...this.state, fault }
    this.changed()
  }

  get options(): SimOptions {
    return { omitDataConnections: this.state.omitDataConnections === true }
  }

  setOptions(options: SimOptions): void {
    this.state = { ...this.state, omitDataConnections: options.omitDataConnections }
    this.changed()
  }

  /** The fault to apply to this request, if any, counting it against `remaining`. */
  takeFault(path: string): Fault | undefined {
    const fault = this.state.fault
    if (!faultApplies(fault, path)) return undefined
    if (fault.remaining !== undefined) {
      this.state = {
        ...this.state,
        fault: fault.remaining <= 1 ? NO_FAULT : { ...fault, remaining: fault.remaining - 1 },
      }
      this.changed()
    }
    return fault
  }

  /** Counts a request against the daily quota that the X-Rate-Limit-* headers report. */
  countRequest(): RateLimitInfo {
    this.quota()
    this.requestsToday += 1
    return this.quota()
  }

  /** The quota as the last answer's X-Rate-Limit-* headers told it, without spending a request. */
  quota(): RateLimitInfo {
    const resetAt = nextUtcMidnight(this.now())
    if (resetAt !== this.quotaDay) {
      this.quotaDay = resetAt
      this.requestsToday = 0
    }
    const limit = quotaFor(this.scenario.companies.length)
    return { limit, remaining: Math.max(0, limit - this.requestsToday), resetAt }
  }

  private running(companyId: string, dataType: string): OperationPlan | undefined {
    const now = this.now()
    return this.plans(companyId).find(
      (plan) => plan.dataType === dataType && plan.requestedAt <= now && isRunningAt(plan, now),
    )
  }

  private lastSyncAt(company: SimCompany, connectionId: string): number | undefined {
    const now = this.now()
    let last: number | undefined
    for (const plan of this.plans(company.id)) {
      if (plan.connectionId !== connectionId || plan.outcome !== 'Complete') continue
      const end = endsAt(plan)
      if (end <= now && (last === undefined || end > last)) last = end
    }
    return last
  }

  private generatedFor(companyId: string): OperationPlan[] {
    const generate = this.scenario.generatedHistory?.[companyId]
    if (!generate) return []
    let plans = this.generated.get(companyId)
    if (plans) {
      // Most recently used last, so the oldest entry is the first to go.
      this.generated.delete(companyId)
    } else {
      plans = generate()
      if (this.generated.size >= GENERATED_CACHE_SIZE) {
        const oldest = this.generated.keys().next()
        if (!oldest.done) this.generated.delete(oldest.value)
      }
    }
    this.generated.set(companyId, plans)
    return plans
  }

  private plan(
    company: SimCompany,
    connection: SimConnection,
    dataType: string,
    index = 0,
  ): OperationPlan {
    return planCreatedOperation({
      company,
      connection,
      dataType,
      origin: this.state.origin,
      sequence: this.state.createdOperations.length + index,
      requestedAt: this.now(),
    })
  }

  private buildScenario(): Scenario {
    return this.scenarioFor(this.state.origin, this.state.generatedCompanies ?? 0)
  }

  private indexSeeded(): void {
    this.companiesById = new Map(this.scenario.companies.map((company) => [company.id, company]))
    this.seededByCompany = new Map()
    for (const plan of this.scenario.operations) {
      const list = this.seededByCompany.get(plan.companyId) ?? []
      list.push(plan)
      this.seededByCompany.set(plan.companyId, list)
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}

export function createWorld(options: WorldOptions = {}): SimWorld {
  return new SimWorld(options)
}
