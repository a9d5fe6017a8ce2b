// @vitest-environment node
import { describe, expect, it } from 'vitest'
import {
  INITIAL_ALERT_STATE,
  stepAlerts,
  type AlertInput,
  type AlertNotice,
  type AlertState,
  type TypeChange,
} from './alert-rules.ts'
import { typeChange } from '../test/type-change.ts'
import { codatReachability, INITIAL_CODAT_WATCH, noteCodat } from './codat-reachability.ts'

const START = Date.parse('2026-12-06T09:00:00.000Z')
const MINUTE = 60_000
const UP = { isReachable: true, since: '2026-12-01T00:00:00.000Z' } as const

/** A run of steps over a clock: the rules with 5 minutes' hold and a digest over 10. */
function rig(settings = { holdMs: 5 * MINUTE, digestThreshold: 10 }) {
  let state: AlertState = INITIAL_ALERT_STATE
  let now = START
  const told: AlertNotice[] = []
  const step = (input: Partial<AlertInput> = {}) => {
    const result = stepAlerts(state, { changes: [], codat: UP, ...input }, now, settings)
    state = result.state
    told.push(...result.notices)
    return result.notices
  }
  return {
    step,
    told,
    advance(ms: number) {
      now += ms
    },
    /** The first full scan: every type seen for the first time, then the scan's end. */
    baseline(changes: TypeChange[] = []) {
      step({ changes, fullScanCompleted: { companies: Math.max(1, changes.length) } })
    },
    get state() {
      return state
    },
  }
}

describe('the first scan', () => {
  it('sets the baseline with one summary of what needs attention, not one message a type', () => {
    const alerts = rig()
    alerts.step({ changes: [typeChange('a', 'failing', null), typeChange('b', 'healthy', null)] })
    alerts.step({
      changes: [
        typeChange('c', 'needs_relink', null),
        typeChange('c', 'failing', null, { dataType: 'bills' }),
      ],
    })
    expect(alerts.told).toEqual([])
    alerts.step({ fullScanCompleted: { companies: 3 } })
    alerts.advance(60 * MINUTE)
    alerts.step()
    expect(alerts.told).toEqual([
      {
        kind: 'baseline',
        at: new Date(START).toISOString(),
        companies: 3,
        problems: [
          { health: 'needs_relink', types: 1, companies: 1 },
          { health: 'failing', types: 2, companies: 2 },
        ],
      },
    ])
  })

  it('sends no summary when the whole fleet is healthy, and tells what changes after it', () => {
    const alerts = rig({ holdMs: 0, digestThreshold: 10 })
    alerts.baseline([typeChange('a', 'healthy', null)])
    expect(alerts.told).toEqual([])
    alerts.step({ changes: [typeChange('a', 'failing', 'healthy')] })
    expect(alerts.told.map((n) => n.kind)).toEqual(['change'])
  })

  it('tells the recovery of a type that was failing at the baseline', () => {
    const alerts = rig({ holdMs: 0, digestThreshold: 10 })
    alerts.baseline([typeChange('a', 'failing', null)])
    alerts.told.length = 0
    alerts.step({ changes: [typeChange('a', 'healthy', 'failing')] })
    expect(alerts.told).toMatchObject([
      { kind: 'change', from: 'failing', change: { health: 'healthy' } },
    ])
  })
})

describe('a change must hold', () => {
  it('is told once it has held for the hold time, with when it was first seen', () => {
    const alerts = rig()
    alerts.baseline([typeChange('a', 'healthy', null)])
    alerts.advance(MINUTE)
    alerts.step({ changes: [typeChange('a', 'failing', 'healthy')] })
    alerts.advance(4 * MINUTE + 59_000)
    expect(alerts.step()).toEqual([])
    alerts.advance(1000)
    expect(alerts.step()).toMatchObject([
      {
        kind: 'change',
        from: 'healthy',
        seenAt: new Date(START + MINUTE).toISOString(),
        change: { companyId: 'a', health: 'failing' },
      },
    ])
    alerts.advance(60 * MINUTE)
    expect(alerts.step({ changes: [typeChange('a', 'failing', 'failing')] })).toEqual([])
  })

  it('holds a recovery too, and tells it with the latest detail seen', () => {
    const alerts = rig()
    alerts.baseline([typeChange('a', 'failing', null)])
    alerts.told.length = 0
    alerts.step({ changes: [typeChange('a', 'healthy', 'failing')] })
    alerts.advance(2 * MINUTE)
    const later = typeChange('a', 'healthy', 'healthy', { companyName: 'Alder & Ash' })
    alerts.step({ changes: [later] })
    alerts.advance(3 * MINUTE)
    expect(alerts.step()).toMatchObject([
      {
        kind: 'change',
        from: 'failing',
        change: { health: 'healthy', companyName: 'Alder & Ash' },
      },
    ])
  })

  it('tells a change at once when the hold is 0', () => {
    const alerts = rig({ holdMs: 0, digestThreshold: 10 })
    alerts.baseline([typeChange('a', 'healthy', null)])
    expect(alerts.step({ changes: [typeChange('a', 'stale', 'healthy')] })).toMatchObject([
      { kind: 'change', change: { health: 'stale' } },
    ])
  })

  it('passes over healths that are neither a problem nor healthy', () => {
    const alerts = rig({ holdMs: 0, digestThreshold: 10 })
    alerts.baseline([typeChange('a', 'failing', null)])
    alerts.told.length = 0
    alerts.step({ changes: [typeChange('a', 'in_progress', 'failing')] })
    alerts.step({ changes: [typeChange('a', 'failing', 'in_progress')] })
    expect(alerts.told).toEqual([])
  })
})

describe('a type that flaps', () => {
  it('is told not at all when it comes back before the hold', () => {
    const alerts = rig()
    alerts.baseline([typeChange('a', 'healthy', null)])
    for (let i = 0; i < 5; i += 1) {
      alerts.step({ changes: [typeChange('a', 'failing', 'healthy')] })
      alerts.advance(2 * MINUTE)
      alerts.step({ changes: [typeChange('a', 'healthy', 'failing')] })
      alerts.advance(2 * MINUTE)
    }
    alerts.advance(60 * MINUTE)
    alerts.step()
    expect(alerts.told).toEqual([])
  })

  it('is told once when it settles on failing, whatever it did on the way', () => {
    const alerts = rig()
    alerts.baseline([typeChange('a', 'healthy', null)])
    alerts.step({ changes: [typeChange('a', 'failing', 'healthy')] })
    alerts.advance(MINUTE)
    alerts.step({ changes: [typeChange('a', 'healthy', 'failing')] })
    alerts.advance(MINUTE)
    alerts.step({ changes: [typeChange('a', 'failing', 'healthy')] })
    for (let i = 0; i < 20; i += 1) {
      alerts.advance(MINUTE)
      alerts.step({ changes: [typeChange('a', 'failing', 'failing')] })
    }
    expect(alerts.told).toMatchObject([{ kind: 'change', change: { health: 'failing' } }])
    expect(alerts.told).toHaveLength(1)
  })
})

describe('a storm of changes', () => {
  const fleet = (n: number, platform = 'Xero') =>
    Array.from({ length: n }, (_, i) => `${platform}-${String(i).padStart(3, '0')}`)

  it('tells more than the threshold within a minute as one digest by platform and error', () => {
    const alerts = rig()
    const xero = fleet(143)
    const sage = fleet(12, 'Sage')
    alerts.baseline([...xero, ...sage].map((id) => typeChange(id, 'healthy', null)))
    // The scan reads them over 50 seconds.
    for (const [i, id] of xero.entries()) {
      if (i % 10 === 0) alerts.advance(3000)
      alerts.step({ changes: [typeChange(id, 'failing', 'healthy')] })
    }
    alerts.step({
      changes: sage.map((id) =>
        typeChange(id, 'needs_relink', 'healthy', {
          platform: 'Sage',
          detail: { ...typeChange(id, 'failing', null).detail, status: 'AuthError' },
        }),
      ),
    })
    alerts.advance(5 * MINUTE)
    expect(alerts.step()).toEqual([])
    alerts.advance(MINUTE)
    const [digest, ...rest] = alerts.step()
    expect(rest).toEqual([])
    expect(digest).toEqual({
      kind: 'digest',
      // 45 s of reading, then the minute and the hold after the first change.
      at: new Date(START + 45_000 + 6 * MINUTE).toISOString(),
      changes: 155,
      groups: [
        {
          health: 'failing',
          platform: 'Xero',
          status: 'FetchError',
          types: 143,
          companies: 143,
          names: xero.slice(0, 5).map((id) => `Company ${id}`),
        },
        {
          health: 'needs_relink',
          platform: 'Sage',
          status: 'AuthError',
          types: 12,
          companies: 12,
          names: sage.slice(0, 5).map((id) => `Company ${id}`),
        },
      ],
    })
    alerts.advance(10 * MINUTE)
    expect(alerts.step()).toEqual([])
  })

  it('tells up to the threshold one by one, and the recovery storm as one digest too', () => {
    const alerts = rig()
    const ids = fleet(30)
    alerts.baseline(ids.map((id) => typeChange(id, 'healthy', null)))
    alerts.step({ changes: ids.slice(0, 10).map((id) => typeChange(id, 'failing', 'healthy')) })
    alerts.advance(6 * MINUTE)
    expect(alerts.step().map((n) => n.kind)).toEqual(Array(10).fill('change'))
    alerts.step({ changes: ids.map((id) => typeChange(id, 'healthy', 'failing')) })
    alerts.advance(6 * MINUTE)
    // Twenty of the thirty were healthy already: only the ten that were told failing recover.
    expect(alerts.step().map((n) => n.kind)).toEqual(Array(10).fill('change'))
    alerts.step({ changes: ids.map((id) => typeChange(id, 'failing', 'healthy')) })
    alerts.advance(6 * MINUTE)
    alerts.step()
    alerts.step({ changes: ids.map((id) => typeChange(id, 'healthy', 'failing')) })
    alerts.advance(6 * MINUTE)
    alerts.step()
    const [failing, healthy] = alerts.told.slice(20)
    expect(failing).toMatchObject({ kind: 'digest', changes: 30, groups: [{ health: 'failing' }] })
    expect(healthy).toMatchObject({
      kind: 'digest',
      changes: 30,
      groups: [{ health: 'healthy', status: null, companies: 30 }],
    })
    expect(alerts.told).toHaveLength(22)
  })

  it('with no hold, tells the threshold at once and the rest of the minute as one digest', () => {
    const alerts = rig({ holdMs: 0, digestThreshold: 10 })
    const ids = fleet(25)
    alerts.baseline(ids.map((id) => typeChange(id, 'healthy', null)))
    for (const id of ids) {
      alerts.advance(1000)
      alerts.step({ changes: [typeChange(id, 'failing', 'healthy')] })
    }
    expect(alerts.told).toHaveLength(10)
    alerts.advance(MINUTE)
    alerts.step()
    expect(alerts.told.slice(10)).toMatchObject([{ kind: 'digest', changes: 15 }])
  })
})

describe('Codat failing the scanner', () => {
  it('is told once, with its recovery, and never company by company', () => {
    const alerts = rig()
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`)
    alerts.baseline(ids.map((id) => typeChange(id, 'healthy', null)))
    const since = new Date(START + MINUTE).toISOString()
    const down = { isReachable: false, since, reason: 'Codat answered 503' } as const
    alerts.advance(MINUTE)
    alerts.step({ codat: down, changes: ids.map((id) => typeChange(id, 'stale', 'healthy')) })
    for (let i = 0; i < 30; i += 1) {
      alerts.advance(MINUTE)
      alerts.step({ codat: down })
    }
    expect(alerts.told).toEqual([
      {
        kind: 'codat-down',
        at: new Date(START + 6 * MINUTE).toISOString(),
        since,
        reason: 'Codat answered 503',
      },
    ])
    const back = { isReachable: true, since: new Date(START + 31 * MINUTE).toISOString() } as const
    // The scan after the outage finds them healthy again before the hold: nothing per company.
    alerts.step({ codat: back, changes: ids.map((id) => typeChange(id, 'healthy', 'stale')) })
    for (let i = 0; i < 10; i += 1) {
      alerts.advance(MINUTE)
      alerts.step({ codat: back })
    }
    expect(alerts.told.map((n) => n.kind)).toEqual(['codat-down', 'codat-up'])
    expect(alerts.told[1]).toMatchObject({ downSince: since, reason: 'Codat answered 503' })
  })

  it('says nothing of an outage shorter than the hold', () => {
    const alerts = rig()
    alerts.baseline()
    alerts.step({
      codat: { isReachable: false, since: new Date(START).toISOString(), reason: 'x' },
    })
    alerts.advance(4 * MINUTE)
    alerts.step({
      codat: { isReachable: false, since: new Date(START).toISOString(), reason: 'x' },
    })
    alerts.step({ codat: { isReachable: true, since: new Date(START + 4 * MINUTE).toISOString() } })
    alerts.advance(30 * MINUTE)
    alerts.step()
    expect(alerts.told).toEqual([])
  })
})

describe('Codat reachability from the scanner’s requests', () => {
  it('is lost after a minute of failed requests, and back from the first answer', () => {
    let watch = INITIAL_CODAT_WATCH
    watch = noteCodat(watch, { kind: 'answer', status: 200 }, START)
    watch = noteCodat(watch, { kind: 'answer', status: 503 }, START + 1000)
    watch = noteCodat(watch, { kind: 'no-answer' }, START + 30_000)
    expect(codatReachability(watch, START + 30_000).isReachable).toBe(true)
    watch = noteCodat(watch, { kind: 'answer', status: 502 }, START + 61_000)
    expect(codatReachability(watch, START + 61_000)).toEqual({
      isReachable: false,
      since: new Date(START + 1000).toISOString(),
      reason: 'Codat answered 502',
    })
    watch = noteCodat(watch, { kind: 'answer', status: 404 }, START + 90_000)
    expect(codatReachability(watch, START + 90_000)).toEqual({
      isReachable: true,
      since: new Date(START + 90_000).toISOString(),
    })
  })

  it('counts a long rate-limit pause as unreachable, and a short one not', () => {
    let watch = noteCodat(
      INITIAL_CODAT_WATCH,
      { kind: 'paused', untilMs: START + 30_000, reason: 'Codat rate limit (429)' },
      START,
    )
    expect(codatReachability(watch, START + 1000).isReachable).toBe(true)
    watch = noteCodat(
      watch,
      { kind: 'paused', untilMs: START + 3_600_000, reason: 'quota' },
      START + 2000,
    )
    expect(codatReachability(watch, START + 3000)).toEqual({
      isReachable: false,
      since: new Date(START).toISOString(),
      reason: 'quota',
    })
    expect(codatReachability(watch, START + 3_600_000)).toEqual({
      isReachable: true,
      since: new Date(START + 3_600_000).toISOString(),
    })
  })
})
