// The demo's alerts: the console's own rules over the simulated fleet's health changes, told in an in-page feed instead of being sent.
import type { RecentAlert, RecentAlerts } from '../api/fleet-schemas.ts'
import { RECENT_ALERTS } from '../api/fleet-schemas.ts'
import { typeChangesOf } from '../lib/alert-changes.ts'
import { alertMessage } from '../lib/alert-message.ts'
import {
  INITIAL_ALERT_STATE,
  stepAlerts,
  type AlertRuleSettings,
  type AlertState,
  type TypeChange,
} from '../lib/alert-rules.ts'
import type { CompanyRecord, HealthChange } from '../lib/fleet-row.ts'

/**
 * The demo tells a change at once (ALERT_AFTER_MINUTES=0), so a refresh that fails shows in the
 * feed as soon as the fleet reads it; storms are grouped as in a live console.
 */
export const DEMO_ALERT_RULES: AlertRuleSettings = { holdMs: 0, digestThreshold: 10 }

/** The simulated Codat never fails the demo's scanner. */
const REACHABLE = { isReachable: true, since: new Date(0).toISOString() } as const

export class DemoAlerts {
  private state: AlertState = INITIAL_ALERT_STATE
  private waiting: TypeChange[] = []
  private scanned: number | undefined
  private told: RecentAlert[] = []
  private next = 1

  constructor(
    private readonly publicUrl: URL,
    private readonly staleHours: number,
  ) {}

  /** A new or reset world: the next full read sets the baseline again. */
  reset(): void {
    this.state = INITIAL_ALERT_STATE
    this.waiting = []
    this.scanned = undefined
    this.told = []
  }

  /** A reading of a company and the health changes it made. */
  written(record: CompanyRecord, changes: readonly HealthChange[], nowMs: number): void {
    if (changes.length === 0) return
    const isBaseline = !this.state.isBaselined
    this.waiting.push(
      ...typeChangesOf(record, changes, { nowMs, staleHours: this.staleHours, isBaseline }),
    )
  }

  fullScanCompleted(companies: number): void {
    this.scanned = companies
  }

  /** One step of the rules on the world's clock; what they tell joins the feed, newest first. */
  step(nowMs: number): void {
    const input = {
      changes: this.waiting,
      codat: REACHABLE,
      ...(this.scanned !== undefined && { fullScanCompleted: { companies: this.scanned } }),
    }
    this.waiting = []
    this.scanned = undefined
    const { state, notices } = stepAlerts(this.state, input, nowMs, DEMO_ALERT_RULES)
    this.state = state
    const messages = notices.map((notice) =>
      alertMessage(notice, `alert_demo_${this.next++}`, this.publicUrl),
    )
    const items = messages.map((message): RecentAlert => ({
      id: message.id,
      type: message.type,
      at: message.at,
      title: message.title,
      text: message.text,
      error: message.error ?? null,
      links: message.links,
      delivery: 'shown',
      attempts: 0,
      lastError: null,
    }))
    this.told = [...items.reverse(), ...this.told].slice(0, RECENT_ALERTS)
  }

  recent(): RecentAlerts {
    return { channel: 'in-page', items: this.told }
  }
}
