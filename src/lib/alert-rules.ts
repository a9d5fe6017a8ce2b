// When a health change is worth telling: baseline, hold, flap, digest and Codat outage, as a pure step over a clock.

/** The healths an alert tells about: three problems, and the way back from them. */
export const PROBLEM_HEALTHS = ['needs_relink', 'failing', 'stale'] as const
export type ProblemHealth = (typeof PROBLEM_HEALTHS)[number]
export type ToldHealth = ProblemHealth | 'healthy'

/** What a message says about one data type, worked out when the change was seen. */
export interface AlertDetail {
  /** Codat's status verbatim (FetchError, Complete…); null when Codat sent none. */
  status: string | null
  /** When this health began (ISO-8601); null when unknown. */
  since: string | null
  /** The latest error text Codat gave; null when none is known. */
  error: string | null
  /** The one-sentence diagnosis of the company screen's "Why?" panel. */
  diagnosis: string
  next: { kind: string; text: string }
  /** The Link URL to send the business, when relinking is the next step. */
  relinkUrl: string | null
}

/**
 * One data type's health as a scan or a webhook left it: a fleet health change plus what the
 * message needs. A connection that waits for the end user comes as the data type
 * "Xero connection", as on the Fleet screen.
 */
export interface TypeChange {
  companyId: string
  companyName: string
  dataType: string
  /** Any data-type health; only problems and healthy are told, the others are passed over. */
  health: string
  /** The health the store held before; null when the type is new to it. */
  previousHealth: string | null
  /** The platform serving the type (Xero, Sage…); null when unknown. */
  platform: string | null
  detail: AlertDetail
}

/** Whether the scanner can reach Codat, as codat-reachability judges it, and since when. */
export type CodatReachability =
  { isReachable: true; since: string } | { isReachable: false; since: string; reason: string }

export interface AlertInput {
  changes: readonly TypeChange[]
  codat: CodatReachability
  /** Set once a full scan has read the whole fleet: the first one ends the baseline. */
  fullScanCompleted?: { companies: number }
}

export interface AlertRuleSettings {
  /** How long a change (or a recovery) must hold before it is told; 0 tells at once. */
  holdMs: number
  /** More changes than this within DIGEST_WINDOW_MS are told as one digest. */
  digestThreshold: number
}

export interface DigestGroup {
  health: ToldHealth
  platform: string | null
  /** Codat's status shared by the group (FetchError); null when it has none. */
  status: string | null
  /** Data types in the group, and the companies they belong to. */
  types: number
  companies: number
  /** The first few company names, in the order their changes came. */
  names: string[]
}

export type AlertNotice =
  | {
      kind: 'baseline'
      at: string
      companies: number
      problems: { health: ProblemHealth; types: number; companies: number }[]
    }
  | { kind: 'change'; at: string; from: ToldHealth; seenAt: string; change: TypeChange }
  | { kind: 'digest'; at: string; changes: number; groups: DigestGroup[] }
  | { kind: 'codat-down'; at: string; since: string; reason: string }
  | { kind: 'codat-up'; at: string; downSince: string; reason: string }

interface Pending {
  change: TypeChange
  health: ToldHealth
  from: ToldHealth
  /** When this health was first seen (epoch ms): it holds from then. */
  firstAt: number
  window: number
}

/** The changes first seen within one DIGEST_WINDOW_MS, counted to tell a storm from a few. */
interface ChangeWindow {
  id: number
  openedAt: number
  told: number
  isStorm: boolean
}

export interface AlertState {
  isBaselined: boolean
  /** Problems told (or learnt in the baseline), by key; a key that is absent was told healthy. */
  told: Record<string, ProblemHealth>
  pending: Record<string, Pending>
  windows: ChangeWindow[]
  nextWindow: number
  codat: { isDownTold: false } | { isDownTold: true; since: string; reason: string }
}

export const DIGEST_WINDOW_MS = 60_000
/** Names a digest group lists before "and N more". */
export const DIGEST_NAMES = 5

export const INITIAL_ALERT_STATE: AlertState = {
  isBaselined: false,
  told: {},
  pending: {},
  windows: [],
  nextWindow: 1,
  codat: { isDownTold: false },
}

const PROBLEMS: ReadonlySet<string> = new Set(PROBLEM_HEALTHS)

/** The told health a health counts as; undefined for those never told (in progress, never synced…). */
export function toldHealth(health: string | null): ToldHealth | undefined {
  if (health === 'healthy') return 'healthy'
  return health !== null && PROBLEMS.has(health) ? (health as ProblemHealth) : undefined
}

const keyOf = (change: Pick<TypeChange, 'companyId' | 'dataType'>) =>
  `${change.companyId}/${change.dataType}`

/**
 * One step: the changes seen since the last step, Codat's reachability and the clock in; the
 * notices due now and the state for the next step out. Call it with every batch of changes and
 * also on a timer (a few seconds), since held changes fall due with time alone.
 */
export function stepAlerts(
  previous: AlertState,
  input: AlertInput,
  nowMs: number,
  settings: AlertRuleSettings,
): { notices: AlertNotice[]; state: AlertState } {
  const state = structuredClone(previous)
  const at = new Date(nowMs).toISOString()
  const notices: AlertNotice[] = []
  for (const change of input.changes) observe(state, change, nowMs)
  if (!state.isBaselined && input.fullScanCompleted) {
    state.isBaselined = true
    const baseline = baselineNotice(state, input.fullScanCompleted.companies, at)
    if (baseline) notices.push(baseline)
  }
  notices.push(...codatNotices(state, input.codat, nowMs, settings.holdMs, at))
  // While Codat fails the scanner, what it says of companies waits: one outage, not a flood.
  if (input.codat.isReachable && !state.codat.isDownTold)
    notices.push(...dueNotices(state, nowMs, settings, at))
  return { notices, state }
}

function observe(state: AlertState, change: TypeChange, nowMs: number): void {
  const health = toldHealth(change.health)
  if (health === undefined) return
  const key = keyOf(change)
  if (!state.isBaselined) {
    setTold(state, key, health)
    return
  }
  const told = state.told[key] ?? 'healthy'
  const pending = state.pending[key]
  if (health === told) {
    // Back to what was last told before it held: a flap, told not at all.
    delete state.pending[key]
  } else if (pending?.health === health) {
    pending.change = change
  } else {
    state.pending[key] = {
      change,
      health,
      from: told,
      firstAt: nowMs,
      window: windowAt(state, nowMs),
    }
  }
}

function setTold(state: AlertState, key: string, health: ToldHealth): void {
  if (health === 'healthy') delete state.told[key]
  else state.told[key] = health
}

function windowAt(state: AlertState, nowMs: number): number {
  const last = state.windows.at(-1)
  if (last && nowMs < last.openedAt + DIGEST_WINDOW_MS) return last.id
  const id = state.nextWindow
  state.nextWindow += 1
  state.windows.push({ id, openedAt: nowMs, told: 0, isStorm: false })
  return id
}

function baselineNotice(state: AlertState, companies: number, at: string): AlertNotice | undefined {
  const byHealth = new Map<ProblemHealth, { types: number; companies: Set<string> }>()
  for (const [key, health] of Object.entries(state.told)) {
    const entry = byHealth.get(health) ?? { types: 0, companies: new Set<string>() }
    entry.types += 1
    entry.companies.add(key.slice(0, key.indexOf('/')))
    byHealth.set(health, entry)
  }
  if (byHealth.size === 0) return undefined
  return {
    kind: 'baseline',
    at,
    companies,
    problems: PROBLEM_HEALTHS.flatMap((health) => {
      const entry = byHealth.get(health)
      return entry ? [{ health, types: entry.types, companies: entry.companies.size }] : []
    }),
  }
}

function codatNotices(
  state: AlertState,
  codat: CodatReachability,
  nowMs: number,
  holdMs: number,
  at: string,
): AlertNotice[] {
  const hasHeld = nowMs - Date.parse(codat.since) >= holdMs
  if (!codat.isReachable && !state.codat.isDownTold && hasHeld) {
    state.codat = { isDownTold: true, since: codat.since, reason: codat.reason }
    return [{ kind: 'codat-down', at, since: codat.since, reason: codat.reason }]
  }
  if (codat.isReachable && state.codat.isDownTold && hasHeld) {
    const { since, reason } = state.codat
    state.codat = { isDownTold: false }
    return [{ kind: 'codat-up', at, downSince: since, reason }]
  }
  return []
}

function dueNotices(
  state: AlertState,
  nowMs: number,
  { holdMs, digestThreshold }: AlertRuleSettings,
  at: string,
): AlertNotice[] {
  const notices: AlertNotice[] = []
  const byWindow = new Map<number, [string, Pending][]>()
  for (const entry of Object.entries(state.pending)) {
    const members = byWindow.get(entry[1].window) ?? []
    byWindow.set(entry[1].window, [...members, entry])
  }
  const tell = ([key, pending]: [string, Pending]) => {
    setTold(state, key, pending.health)
    delete state.pending[key]
  }
  for (const window of state.windows) {
    const members = (byWindow.get(window.id) ?? []).sort((a, b) => a[1].firstAt - b[1].firstAt)
    if (window.told + members.length > digestThreshold) window.isStorm = true
    if (window.isStorm) {
      // A storm is told once, when every change that opened in its minute has held.
      if (members.length > 0 && nowMs >= window.openedAt + DIGEST_WINDOW_MS + holdMs) {
        notices.push(
          digestNotice(
            members.map(([, pending]) => pending),
            at,
          ),
        )
        members.forEach(tell)
      }
      continue
    }
    for (const member of members) {
      const pending = member[1]
      if (nowMs < pending.firstAt + holdMs) continue
      notices.push({
        kind: 'change',
        at,
        from: pending.from,
        seenAt: new Date(pending.firstAt).toISOString(),
        change: pending.change,
      })
      window.told += 1
      tell(member)
    }
  }
  const open = new Set(Object.values(state.pending).map((pending) => pending.window))
  state.windows = state.windows.filter(
    (window) => open.has(window.id) || nowMs < window.openedAt + DIGEST_WINDOW_MS,
  )
  return notices
}

function digestNotice(members: readonly Pending[], at: string): AlertNotice {
  const groups = new Map<string, DigestGroup & { ids: Set<string> }>()
  for (const { change, health } of members) {
    const status = health === 'healthy' ? null : change.detail.status
    const key = JSON.stringify([health, change.platform, status])
    const group = groups.get(key) ?? {
      health,
      platform: change.platform,
      status,
      types: 0,
      companies: 0,
      names: [],
      ids: new Set<string>(),
    }
    group.types += 1
    if (!group.ids.has(change.companyId)) {
      group.ids.add(change.companyId)
      group.companies = group.ids.size
      if (group.names.length < DIGEST_NAMES) group.names.push(change.companyName)
    }
    groups.set(key, group)
  }
  return {
    kind: 'digest',
    at,
    changes: members.length,
    groups: [...groups.values()]
      .sort((a, b) => b.companies - a.companies || b.types - a.types)
      .map(({ ids: _ids, ...group }) => group),
  }
}

/**
 * Of these types' current healths, those the rules have neither told nor hold pending: what a
 * process wrote and could not hand to its rules before it stopped, or what a fresh reading finds
 * against a state kept from before. Nothing before the baseline.
 */
export function untoldTypes(
  state: AlertState,
  stored: readonly { companyId: string; dataType: string; health: string }[],
): { companyId: string; dataType: string; health: string; previousHealth: string }[] {
  if (!state.isBaselined) return []
  return stored.flatMap((type) => {
    const health = toldHealth(type.health)
    if (health === undefined) return []
    const key = keyOf(type)
    const told = state.told[key] ?? 'healthy'
    const pending = state.pending[key]
    const isKnown = pending ? pending.health === health : told === health
    return isKnown ? [] : [{ ...type, previousHealth: pending?.health ?? told }]
  })
}
