import { describe, expect, it } from 'vitest'
import { parseCodatDate, type CodatDate } from './dates.ts'
import { diagnose } from './diagnosis.ts'
import type { DiagnosisConnection, DiagnosisInput, DiagnosisOperation } from './diagnosis-types.ts'

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const UTC = { nowMs: NOW, timeZone: 'UTC' }

function date(raw: string): CodatDate {
  const parsed = parseCodatDate(raw)
  if (!parsed) throw new Error(`bad date ${raw}`)
  return parsed
}
const iso = (ms: number) => new Date(ms).toISOString()
const ago = (ms: number) => date(iso(NOW - ms))

const xero: DiagnosisConnection = {
  id: 'c-xero',
  platformName: 'Xero',
  status: 'Linked',
  linkUrl: 'https://link.codat.io/company/x',
  sourceType: 'Accounting',
}

let seq = 0
/** A pull of `invoices` requested `hoursAgo` hours before now, taking `minutes` minutes. */
function pull(
  status: string,
  hoursAgo: number,
  extra: Partial<DiagnosisOperation> & { minutes?: number } = {},
): DiagnosisOperation {
  seq++
  const requested = NOW - hoursAgo * HOUR
  const { minutes = 2, ...rest } = extra
  const running = ['Queued', 'Fetching', 'Mapping', 'Routing'].includes(status)
  return {
    id: `op-${seq}`,
    connectionId: xero.id,
    status,
    requested: date(iso(requested)),
    completed: running ? undefined : date(iso(requested + minutes * MINUTE)),
    progress: running ? 40 : 100,
    ...rest,
  }
}

function input(overrides: Partial<DiagnosisInput>): DiagnosisInput {
  return {
    dataType: 'invoices',
    status: { currentStatus: 'Complete', lastSuccessfulSync: ago(2 * HOUR) },
    connections: [xero],
    history: [],
    ...overrides,
  }
}

describe('diagnose', () => {
  it('never synced, with the linked connection that can read it', () => {
    const d = diagnose(input({ status: {} }), UTC)
    expect(d.kind).toBe('never-synced')
    expect(d.summary).toBe('invoices has never synced.')
    expect(d.next).toEqual({
      kind: 'refresh',
      text: 'Refresh it: the linked Xero connection can read it.',
    })
    // Absent from dataStatus altogether reads the same: unknown is not "fine".
    expect(diagnose(input({ status: undefined }), UTC).kind).toBe('never-synced')
  })

  it('never synced, when no linked connection could sync it', () => {
    const unlinked = { ...xero, status: 'Unlinked' }
    const d = diagnose(input({ status: {}, connections: [unlinked] }), UTC)
    expect(d.kind).toBe('never-synced')
    expect(d.next.kind).toBe('none')
    expect(d.next.text).toMatch(/No linked connection can read it/)
    expect(diagnose(input({ status: {}, connections: [] }), UTC).next.text).toMatch(
      /no connection: ask the business to link/,
    )
  })

  it('not supported by the integration', () => {
    const d = diagnose(
      input({ status: { currentStatus: 'NotSupported' }, history: [pull('NotSupported', 3)] }),
      UTC,
    )
    expect(d.kind).toBe('not-supported')
    expect(d.summary).toBe('Xero does not offer invoices.')
    expect(d.next.kind).toBe('none')
  })

  it('needs relink after an AuthError, offering the Link URL of the connection it used', () => {
    const d = diagnose(
      input({
        status: { currentStatus: 'AuthError', lastSuccessfulSync: ago(30 * HOUR) },
        history: [pull('AuthError', 6), pull('Complete', 30)],
      }),
      UTC,
    )
    expect(d.kind).toBe('needs-relink')
    expect(d.relink.map((c) => c.linkUrl)).toEqual([xero.linkUrl])
    expect(d.next.kind).toBe('relink')
  })

  it('needs relink when its connection is Deauthorized, even if the last pull succeeded', () => {
    const deauthorized = { ...xero, status: 'Deauthorized' }
    const d = diagnose(input({ connections: [deauthorized], history: [pull('Complete', 2)] }), UTC)
    expect(d.kind).toBe('needs-relink')
    expect(d.summary).toBe('Codat has no access to Xero: the connection is Deauthorized.')
    expect(d.next.text).toMatch(/^Ask the business to relink Xero through the Link URL below/)
  })

  it('asks to finish linking a PendingAuth shop only for the types that shop serves', () => {
    const shopify = {
      id: 'c-shop',
      platformName: 'Shopify',
      status: 'PendingAuth',
      linkUrl: 'https://link.codat.io/shop',
      sourceType: 'Commerce',
    }
    const connections = [xero, shopify]
    const orders = diagnose(
      input({ dataType: 'commerce-orders', status: {}, connections, history: [] }),
      UTC,
    )
    expect(orders.kind).toBe('needs-relink')
    expect(orders.relink).toEqual([shopify])
    expect(orders.next.text).toMatch(/finish linking Shopify/)
    const invoices = diagnose(input({ connections, history: [pull('Complete', 2)] }), UTC)
    expect(invoices.kind).toBe('healthy')
  })

  it('N failures in a row since a date, with the same error each time', () => {
    const d = diagnose(
      input({
        status: { currentStatus: 'FetchError', lastSuccessfulSync: ago(72 * HOUR) },
        history: [
          pull('FetchError', 24, { errorMessage: 'Xero timed out' }),
          pull('FetchError', 48, { errorMessage: 'Xero timed out' }),
          pull('FetchError', 1, { errorMessage: 'Xero timed out' }),
          pull('Complete', 72),
        ],
        historyTotal: 4,
      }),
      UTC,
    )
    expect(d.kind).toBe('failing')
    expect(d.summary).toBe('Failing: FetchError, 3 failures in a row since 26 Nov 2026, 12:00 UTC.')
    expect(d.facts).toContain('The same error each time: Xero timed out')
    expect(d.failureRun?.failuresInARow).toBe(3)
    // Three in a row: another refresh is unlikely to help.
    expect(d.next.kind).toBe('contact-support')
  })

  it('shows the first and the latest error when the error changed', () => {
    const d = diagnose(
      input({
        status: { currentStatus: 'MapError', lastSuccessfulSync: ago(72 * HOUR) },
        history: [
          pull('MapError', 1, { errorMessage: 'Unknown currency XYZ' }),
          pull('FetchError', 24, { errorMessage: 'Xero timed out' }),
          pull('Complete', 72),
        ],
      }),
      UTC,
    )
    expect(d.facts).toContain('The error changed. First: Xero timed out')
    expect(d.facts).toContain('Latest: Unknown currency XYZ')
    expect(d.next.kind).toBe('refresh')
  })

  it('says "at least" when every pull read failed and Codat holds more', () => {
    const history = [pull('FetchError', 1), pull('FetchError', 2)]
    const d = diagnose(
      input({ status: { currentStatus: 'FetchError' }, history, historyTotal: 80 }),
      UTC,
    )
    expect(d.summary).toMatch(/at least 2 failures in a row/)
  })

  it('still diagnoses a failure when the history could not be read', () => {
    const d = diagnose(input({ status: { currentStatus: 'FetchError' }, history: undefined }), UTC)
    expect(d.kind).toBe('failing')
    expect(d.summary).toBe('The latest pull failed with FetchError.')
    expect(d.failureRun).toBeUndefined()
  })

  it('stuck: in progress far longer than the p95 of its finished pulls', () => {
    const finished = Array.from({ length: 20 }, (_, i) =>
      pull('Complete', 24 * (i + 1), { minutes: 20 }),
    )
    const running = pull('Fetching', 2)
    const d = diagnose(
      input({
        status: { currentStatus: 'Fetching', lastSuccessfulSync: ago(24 * HOUR) },
        history: [running, ...finished],
      }),
      UTC,
    )
    expect(d.kind).toBe('stuck')
    expect(d.summary).toBe(
      'Stuck: this pull has run for 2 h, far longer than usual (up to 20 min).',
    )
    expect(d.runningOperation?.id).toBe(running.id)
    expect(d.next.kind).toBe('contact-support')
  })

  it('not stuck below the floor, however fast the type usually is', () => {
    const finished = [pull('Complete', 24, { minutes: 1 }), pull('Complete', 48, { minutes: 1 })]
    const d = diagnose(
      input({
        status: { currentStatus: 'Queued', lastSuccessfulSync: ago(24 * HOUR) },
        history: [pull('Queued', 20 / 60), ...finished],
      }),
      UTC,
    )
    expect(d.kind).toBe('running')
    expect(d.summary).toBe('A pull is running (for 20 min; usually up to 1 min).')
    expect(d.next.kind).toBe('watch')
  })

  it('stuck: progress unchanged across polls, with a hint for a Queued on-premise pull', () => {
    const running = pull('Queued', 0.2)
    const samples = [0, 2, 4, 6].map((minutes) => ({
      operationId: running.id,
      atMs: NOW - (6 - minutes) * MINUTE,
      progress: 0,
    }))
    const d = diagnose(
      input({
        status: { currentStatus: 'Queued' },
        history: [running],
        progressSamples: samples,
      }),
      UTC,
    )
    expect(d.kind).toBe('stuck')
    expect(d.summary).toBe('Stuck: progress has stayed at 0 for 6 min.')
    expect(d.next.text).toMatch(/on-premise connector/)
  })

  it('rate limited until the time in statusDescription; refresh once it has passed', () => {
    const waiting = diagnose(
      input({
        status: { currentStatus: 'RateLimitError', lastSuccessfulSync: ago(26 * HOUR) },
        history: [
          pull('RateLimitError', 1, { statusDescription: `Paused until ${iso(NOW + 3 * HOUR)}` }),
        ],
      }),
      UTC,
    )
    expect(waiting.kind).toBe('rate-limited')
    expect(waiting.summary).toBe(
      'The source platform’s rate limit paused this sync until 28 Nov 2026, 15:00 UTC (in 3 hours).',
    )
    expect(waiting.next.kind).toBe('wait')
    const over = diagnose(
      input({
        status: { currentStatus: 'RateLimitError' },
        history: [
          pull('RateLimitError', 5, { statusDescription: `Paused until ${iso(NOW - HOUR)}` }),
        ],
      }),
      UTC,
    )
    expect(over.next).toEqual({ kind: 'refresh', text: 'The pause is over: refresh it now.' })
    const vague = diagnose(
      input({
        status: { currentStatus: 'RateLimitError' },
        history: [pull('RateLimitError', 5, { statusDescription: 'Paused by the platform' })],
      }),
      UTC,
    )
    expect(vague.summary).toMatch(/paused this sync \(“Paused by the platform”\)/)
  })

  it('healthy, with the usual duration and the last success', () => {
    const d = diagnose(
      input({
        history: [pull('Complete', 2, { minutes: 3 }), pull('Complete', 26, { minutes: 5 })],
      }),
      UTC,
    )
    expect(d.kind).toBe('healthy')
    expect(d.summary).toBe('Healthy: the latest pull succeeded 2 hours ago.')
    expect(d.facts).toContain('Last successful sync: 28 Nov 2026, 10:00 UTC (2 hours ago).')
    expect(d.facts).toContain(
      'Usual duration: 3 min (median), up to 5 min (p95), over 2 finished pulls.',
    )
    expect(d.isStale).toBe(false)
  })

  it('stale: the last success is older than the threshold, which can be changed', () => {
    const old = input({ status: { currentStatus: 'Complete', lastSuccessfulSync: ago(30 * HOUR) } })
    const d = diagnose(old, UTC)
    expect(d.kind).toBe('stale')
    expect(d.isStale).toBe(true)
    expect(d.facts).toContain('That is older than the 24 h staleness threshold.')
    expect(diagnose(old, { ...UTC, staleHours: 48 }).kind).toBe('healthy')
  })

  it('cancelled is shown as it is', () => {
    const d = diagnose(input({ status: { currentStatus: 'Cancelled' } }), UTC)
    expect(d.kind).toBe('cancelled')
    expect(d.next.kind).toBe('refresh')
  })

  it('drifted statuses: unknown ones shown verbatim, legacy ones understood', () => {
    for (const status of ['PartiallyComplete', 'complete']) {
      const d = diagnose(input({ status: { currentStatus: status } }), UTC)
      expect(d.kind, status).toBe('unknown-status')
      expect(d.summary).toContain(`“${status}”`)
    }
    const routing = diagnose(
      input({ status: { currentStatus: 'Routing' }, history: [pull('Routing', 0.1)] }),
      UTC,
    )
    expect(routing.kind).toBe('running')
    const routingError = diagnose(
      input({ status: { currentStatus: 'RoutingError' }, history: [pull('RoutingError', 1)] }),
      UTC,
    )
    expect(routingError.kind).toBe('failing')
  })

  it('trusts dataStatus over a history that disagrees', () => {
    const d = diagnose(
      input({ status: { currentStatus: 'FetchError' }, history: [pull('Complete', 1)] }),
      UTC,
    )
    expect(d.kind).toBe('failing')
    expect(d.summary).toBe('The latest pull failed with FetchError.')
  })

  it('marks zone-less timestamps and shows them as sent, not converted', () => {
    const d = diagnose(
      input({
        status: { currentStatus: 'Complete', lastSuccessfulSync: date('2026-11-28T07:00:00') },
      }),
      { nowMs: NOW, timeZone: 'America/New_York' },
    )
    expect(d.facts[0]).toBe(
      'Last successful sync: 28 Nov 2026, 07:00 (no zone given, shown as UTC) (5 hours ago).',
    )
    expect(d.facts.at(-1)).toMatch(/without a zone: they are shown as UTC/)
  })
})
