// Prometheus metrics for ops: fleet health counts, scans, webhook deliveries, and calls to Codat.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { COMPANY_HEALTHS, type CompanyHealth } from '../../lib/health.ts'

export interface FleetSnapshot {
  byHealth: Record<CompanyHealth, number>
  lastScanCompletedAt: string | null
  isScanning: boolean
}

/** One call to Codat, forwarded or the fleet's own: what the metrics and logs learn from it. */
export interface UpstreamSample {
  operation: string
  status: number | 'error'
  seconds: number
  remaining: number | null
}

export interface ConsoleMetrics {
  registry: Registry
  observeUpstream: (sample: UpstreamSample) => void
  /** `reason` for refused deliveries only (outcome 'rejected'): headers, stale, signature, body. */
  countWebhook(eventType: string, outcome: string, reason?: string): void
  /** Read at each scrape; without it the fleet gauges stay at zero. */
  setFleetSource(read: () => Promise<FleetSnapshot>): void
  /** One try at sending an alert: sent, failed and to be retried, or given up. */
  countAlert(outcome: AlertOutcome): void
}

export const ALERT_OUTCOMES = ['sent', 'retried', 'given_up'] as const
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number]

// Event types are label values; anything else is counted as "other" so a sender cannot add series.
const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'read.completed',
  'read.completed.initial',
  'connection.created',
  'connection.connected',
  'connection.failed',
  'connection.disconnected',
  'connection.reconnected',
  'connection.deleted',
  'company.created',
  'company.deleted',
  'client.rateLimit.reached',
  'client.rateLimit.reset',
])

/**
 * The fleet figures change with scans and webhooks, not by the second: scrapes this close
 * together (several Prometheus servers, a dashboard refreshing) share one read of the store.
 */
export const FLEET_FIGURES_CACHE_MS = 5_000

export function createConsoleMetrics({
  now = Date.now,
}: { now?: () => number } = {}): ConsoleMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  let source: (() => Promise<FleetSnapshot>) | undefined
  let snapshot: { at: number; figures: Promise<FleetSnapshot | undefined> } | undefined
  // One read of the store per FLEET_FIGURES_CACHE_MS, shared by the gauges below; a read that
  // failed is not kept, so the next scrape tries again.
  const read = () => {
    if (snapshot && now() - snapshot.at < FLEET_FIGURES_CACHE_MS) return snapshot.figures
    const current = {
      at: now(),
      figures: source ? source() : Promise.resolve(undefined),
    }
    snapshot = current
    current.figures.catch(() => {
      if (snapshot === current) snapshot = undefined
    })
    return current.figures
  }

  new Gauge({
    name: 'codat_fleet_companies',
    help: 'Companies in the fleet by health',
    labelNames: ['health'],
    registers: [registry],
    async collect() {
      const fleet = await read()
      for (const health of COMPANY_HEALTHS) this.set({ health }, fleet?.byHealth[health] ?? 0)
    },
  })
  new Gauge({
    name: 'codat_fleet_companies_total',
    help: 'Companies in the fleet',
    registers: [registry],
    async collect() {
      const fleet = await read()
      this.set(fleet ? Object.values(fleet.byHealth).reduce((a, b) => a + b, 0) : 0)
    },
  })
  new Gauge({
    name: 'codat_fleet_last_scan_completed_timestamp_seconds',
    help: 'When the last full scan finished (Unix seconds); 0 before the first',
    registers: [registry],
    async collect() {
      const at = (await read())?.lastScanCompletedAt
      this.set(at ? Date.parse(at) / 1000 : 0)
    },
  })
  new Gauge({
    name: 'codat_fleet_scan_in_progress',
    help: '1 while a full scan runs',
    registers: [registry],
    async collect() {
      this.set((await read())?.isScanning ? 1 : 0)
    },
  })
  const webhooks = new Counter({
    name: 'codat_webhook_deliveries_total',
    help: 'Codat webhook deliveries by event type and outcome (processed, duplicate, ignored, failed, rejected), and for rejected ones the reason',
    labelNames: ['event_type', 'outcome', 'reason'],
    registers: [registry],
  })
  const requests = new Counter({
    name: 'codat_upstream_requests_total',
    help: 'Requests to Codat from the proxy and the fleet scanner, by operation and status',
    labelNames: ['operation', 'status'],
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'codat_upstream_request_duration_seconds',
    help: 'Time Codat took to answer, proxy and scanner together',
    labelNames: ['operation'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const alerts = new Counter({
    name: 'codat_alerts_total',
    help: 'Tries at sending an alert by outcome (sent, retried, given_up); given_up or many retried means the channel is broken',
    labelNames: ['outcome'],
    registers: [registry],
  })
  // Each outcome from zero, so a rate over a broken channel is there before its first failure.
  for (const outcome of ALERT_OUTCOMES) alerts.inc({ outcome }, 0)
  const remaining = new Gauge({
    name: 'codat_upstream_rate_limit_remaining',
    help: "Codat's X-Rate-Limit-Remaining from its latest answer",
    registers: [registry],
  })

  return {
    registry,
    observeUpstream(sample) {
      requests.inc({ operation: sample.operation, status: String(sample.status) })
      duration.observe({ operation: sample.operation }, sample.seconds)
      if (sample.remaining !== null) remaining.set(sample.remaining)
    },
    countWebhook(eventType, outcome, reason) {
      webhooks.inc({
        // Before the signature checks out the event type is not known: 'unverified'.
        event_type: KNOWN_EVENTS.has(eventType) || eventType === 'unverified' ? eventType : 'other',
        outcome,
        ...(reason !== undefined && { reason }),
      })
    },
    setFleetSource(readFleet) {
      source = readFleet
    },
    countAlert(outcome) {
      alerts.inc({ outcome })
    },
  }
}
