// The demo's alerts: the console's own rules over the simulated fleet's health changes, told in an in-page feed instead of being sent, kept across reloads.
import { z } from 'zod'
import { RECENT_ALERTS, recentAlertSchema, type RecentAlert } from '../api/fleet-schemas.ts'
import type { RecentAlerts } from '../api/fleet-schemas.ts'
import { typeChangesOf } from '../lib/alert-changes.ts'
import { alertMessage } from '../lib/alert-message.ts'
import {
  INITIAL_ALERT_STATE,
  stepAlerts,
  untoldTypes,
  type AlertRuleSettings,
  type AlertState,
  type TypeChange,
} from '../lib/alert-rules.ts'
import type { CompanyRecord, HealthChange } from '../lib/fleet-row.ts'
import type { KeyValueStore } from './demo-persistence.ts'

/**
 * The demo tells a change at once (ALERT_AFTER_MINUTES=0), so a refresh that fails shows in the
 * feed as soon as the fleet reads it; storms are grouped as in a live console.
 */
export const DEMO_ALERT_RULES: AlertRuleSettings = { holdMs: 0, digestThreshold: 10 }
export const DEMO_ALERTS_KEY = 'codat-refresh-console:demo-alerts'

/** The simulated Codat never fails the demo's scanner. */
const REACHABLE = { isReachable: true, since: new Date(0).toISOString() } as const

/** What a reload brings back: the rules' state and the feed, for the world they were told of. */
const savedSchema = z.object({
  origin: z.number(),
  // The rules' own state, written by this module: checked where the rules read it.
  state: z.custom<AlertState>(
    (value) => typeof value === 'object' && value !== null && 'told' in value,
  ),
  told: z.array(recentAlertSchema),
  next: z.number().int().min(1),
})

export class DemoAlerts {
  private origin: number | undefined
  private state: AlertState = INITIAL_ALERT_STATE
  private waiting: TypeChange[] = []
  private scanned: number | undefined
  private told: RecentAlert[] = []
  private next = 1

  constructor(
    private readonly publicUrl: URL,
    private readonly staleHours: number,
    private readonly storage?: KeyValueStore,
  ) {}

  /**
   * The fleet reads a world afresh: the same world as before a reload picks up what was told of
   * it (its first reading tells only what changed since); a new or reset one starts over.
   */
  begin(origin: number): void {
    this.origin = origin
    this.waiting = []
    this.scanned = undefined
    const saved = this.load()
    if (saved?.origin === origin) {
      this.state = saved.state
      this.told = saved.told
      this.next = saved.next
      return
    }
    this.state = INITIAL_ALERT_STATE
    this.told = []
    this.next = 1
    this.save()
  }

  /** A reading of a company and the health changes it made. */
  written(record: CompanyRecord, changes: readonly HealthChange[], nowMs: number): void {
    if (changes.length === 0) return
    const isBaseline = !this.state.isBaselined
    // Once baselined, only what the rules do not know yet is worth a diagnosis.
    const news = isBaseline
      ? changes
      : changes.filter(
          (change) =>
            change.dataType !== null &&
            untoldTypes(this.state, [{ ...change, dataType: change.dataType }]).length > 0,
        )
    if (news.length === 0) return
    this.waiting.push(
      ...typeChangesOf(record, news, { nowMs, staleHours: this.staleHours, isBaseline }),
    )
  }

  fullScanCompleted(companies: number): void {
    if (!this.state.isBaselined) this.scanned = companies
  }

  /** One step of the rules on the world's clock; what they tell joins the feed, newest first. */
  step(nowMs: number): void {
    if (this.waiting.length === 0 && this.scanned === undefined) return
    const input = {
      changes: this.waiting,
      codat: REACHABLE,
      ...(this.scanned !== undefined && { fullScanCompleted: { companies: this.scanned } }),
    }
    this.waiting = []
    this.scanned = undefined
    const { state, notices } = stepAlerts(this.state, input, nowMs, DEMO_ALERT_RULES)
    this.state = state
    const items = notices.map((notice): RecentAlert => {
      const message = alertMessage(notice, `alert_demo_${this.next++}`, this.publicUrl)
      return {
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
      }
    })
    this.told = [...items.reverse(), ...this.told].slice(0, RECENT_ALERTS)
    this.save()
  }

  recent(): RecentAlerts {
    return { channel: 'in-page', items: this.told }
  }

  private load(): z.infer<typeof savedSchema> | undefined {
    try {
      const text = this.storage?.getItem(DEMO_ALERTS_KEY)
      if (!text) return undefined
      const parsed = savedSchema.safeParse(JSON.parse(text))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  private save(): void {
    if (!this.storage || this.origin === undefined) return
    const saved = { origin: this.origin, state: this.state, told: this.told, next: this.next }
    try {
      this.storage.setItem(DEMO_ALERTS_KEY, JSON.stringify(saved))
    } catch {
      // Storage full or blocked: the feed still works, it just starts over on reload.
    }
  }
}
