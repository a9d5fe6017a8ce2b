// Sends bulk refresh items to Codat from the scanning process, through the scanner's rate gate, people's own refreshes first.
import { randomUUID } from 'node:crypto'
import { itemAfterAnswer, type BulkAnswer } from '../../lib/bulk-refresh.ts'
import type { CompanyRecord } from '../../lib/fleet-row.ts'
import { isUuid } from '../../lib/uuid.ts'
import { addAlerts, newAlertId } from '../alerts/alert-outbox.ts'
import { alertMessage } from '../../lib/alert-message.ts'
import type { RateGate } from '../fleet/rate-gate.ts'
import type { BulkStore, ClaimedItem, EndedJob } from './bulk-store.ts'

export interface BulkSenderOptions {
  store: BulkStore
  gate: RateGate
  codat: { baseUrl: URL; authHeader: string; timeoutMs: number }
  /** JSON log lines: audit lines for each item, errors. */
  log: (entry: Record<string, unknown>) => void
  /** Codat accepted an item: the scanner reads the company again. */
  companyRefreshed: (companyId: string) => void
  /** Reads these companies from the store, to follow running items the scanner wrote. */
  loadCompanies: (ids: readonly string[]) => Promise<Map<string, CompanyRecord>>
  /** People's own calls to Codat in flight in this process: bulk waits while there are any. */
  peopleCalling?: () => number
  /** Where a job's summary alert links to; null: alerts are off, no summary is queued. */
  alertsUrl: URL | null
  /** How often the sender looks at a job while one is under way (tests shorten it). */
  checkMs?: number
  /** Requests sent at once at most (the gate's own limits apply on top). */
  concurrency: number
}

export interface BulkSender {
  /**
   * A job was started or retried (or the fleet's slow check came round): look now. With no job
   * under way the sender then sends the store nothing until it is woken again.
   */
  wake(): void
  /** The scanner wrote these records: running items may have ended. */
  written(records: readonly CompanyRecord[]): void
  /** Stops claiming; waits for the requests with Codat to be answered and recorded. */
  stop(): Promise<void>
}

const CHECK_MS = 3000
/** A claim waits in this process for the gate this long at most before another may take it. */
const CLAIM_LEASE_MS = 10 * 60_000
/** Beyond the request's own deadline: time to record the answer. */
const SENDING_MARGIN_MS = 60_000
/** How often running items are followed from the store, besides the scanner's writes. */
const FOLLOW_EVERY_MS = 15_000
const FOLLOW_BATCH = 500
const PEOPLE_POLL_MS = 50
/** People go first, but a steady stream of them must not stop bulk for good. */
const PEOPLE_WAIT_MAX_MS = 10_000
const ANSWER_CAPTURE = 64 * 1024
/** As the allowlist checks it (codat-routes.ts). */
const DATA_TYPE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/

class NotSent extends Error {}

export function createBulkSender(options: BulkSenderOptions): BulkSender {
  const { store, gate, codat } = options
  const worker = `bulk_${randomUUID()}`
  const base = codat.baseUrl.href.replace(/\/+$/, '')
  const checkMs = options.checkMs ?? CHECK_MS
  const sending = new Set<Promise<void>>()
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let ticking: Promise<void> | undefined
  let again = false
  let lastFollow = 0
  /** A job is under way or its end is not told yet; checked at start and on every wake. */
  let isBusy = true
  const report = (event: string, fields: Record<string, unknown> = {}) =>
    options.log({ type: 'bulk', event, time: new Date().toISOString(), ...fields })
  const reportError = (error: unknown) => report('error', { message: (error as Error).message })

  const schedule = (ms: number) => {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => tick(), ms)
  }

  /** One look at a time; a wake during one asks for another straight after it. */
  function tick(): void {
    if (stopped) return
    if (ticking) {
      again = true
      return
    }
    ticking = step()
      .catch((error: unknown) => reportError(error))
      .finally(() => {
        ticking = undefined
        if (again) {
          again = false
          tick()
        } else if (isBusy) schedule(checkMs)
      })
  }

  async function step(): Promise<void> {
    isBusy = sending.size > 0 || (await store.isBusy())
    if (!isBusy) return
    await store.expireSending()
    await store.expireRunning()
    if (Date.now() - lastFollow >= FOLLOW_EVERY_MS) {
      lastFollow = Date.now()
      const running = await store.runningCompanies(FOLLOW_BATCH)
      const records = await options.loadCompanies(running.map((item) => item.companyId))
      if (records.size > 0) await store.applyReadings([...records.values()])
      // Not read since Codat accepted it (a re-read lost with a change of scanning process):
      // asked for again, so its end is seen.
      for (const { companyId, answeredAt } of running) {
        const readAt = records.get(companyId)?.readAt
        if (!readAt || (answeredAt !== null && Date.parse(readAt) <= Date.parse(answeredAt)))
          options.companyRefreshed(companyId)
      }
    }
    await tellEnded()
    if (stopped || gate.pausedUntil()) return
    const room = options.concurrency - sending.size
    if (room <= 0) return
    for (const item of await store.claim(worker, room, CLAIM_LEASE_MS)) {
      const sent: Promise<void> = send(item)
        .catch((error: unknown) => reportError(error))
        .finally(() => {
          sending.delete(sent)
          tick()
        })
      sending.add(sent)
    }
  }

  async function tellEnded(): Promise<void> {
    const url = options.alertsUrl
    const ended = await store.tellEnded(async (tx, job) => {
      if (url) await addAlerts(tx, [summaryMessage(job, url)])
    })
    for (const job of ended)
      report('job-ended', { bulkJobId: job.id, state: job.state, counts: job.counts })
  }

  async function peopleFirst(): Promise<void> {
    const end = Date.now() + PEOPLE_WAIT_MAX_MS
    while ((options.peopleCalling?.() ?? 0) > 0 && Date.now() < end && !stopped)
      await new Promise((resolve) => setTimeout(resolve, PEOPLE_POLL_MS))
  }

  async function send(item: ClaimedItem): Promise<void> {
    await peopleFirst()
    const path = requestPath(item)
    if (!path) {
      // Cannot go in a path: said as Codat would say a bad request.
      await record(
        item,
        {
          kind: 'answer',
          status: 400,
          body: { error: 'Not a company ID or data type the console sends' },
        },
        null,
      )
      return
    }
    let answer: BulkAnswer
    let headers: Headers | null = null
    try {
      const response = await gate.run(
        async () => {
          if (!(await store.markSending(worker, item, codat.timeoutMs + SENDING_MARGIN_MS)))
            throw new NotSent()
          return fetch(`${base}${path}`, {
            method: 'POST',
            headers: {
              Authorization: codat.authHeader,
              Accept: 'application/json',
              'User-Agent': 'codat-refresh-console-bulk',
            },
            redirect: 'error',
            signal: AbortSignal.timeout(codat.timeoutMs),
          })
        },
        { isRetry: item.tries > 1 },
      )
      headers = response.headers
      answer = { kind: 'answer', status: response.status, body: await readJson(response) }
    } catch (error) {
      if (error instanceof NotSent) return
      if (stopped && (error as Error).message === 'The scanner is stopping') {
        await store.releaseClaims(worker)
        return
      }
      answer = {
        kind: 'unreachable',
        message: `Could not reach Codat: ${(error as Error).message}`,
      }
    }
    await record(item, answer, headers)
  }

  async function record(item: ClaimedItem, answer: BulkAnswer, headers: Headers | null) {
    const step = itemAfterAnswer(answer, item.tries, new Date().toISOString())
    const isRateLimited = answer.kind === 'answer' && answer.status === 429
    const kept = await store.recordAnswer(worker, item, step, { countsAsTry: !isRateLimited })
    const state = step.next === 'retry' ? 'retry' : step.progress.state
    const datasetId = step.next === 'settled' ? (step.progress.datasetId ?? null) : null
    // The same line a single refresh writes, with the job it came from.
    options.log({
      type: 'audit',
      time: new Date().toISOString(),
      user: item.createdBy,
      role: 'operator',
      operation: item.dataType === null ? 'refresh-company-data' : 'refresh-data-type',
      companyId: item.companyId,
      dataType: item.dataType,
      connectionId: item.connectionId,
      upstreamStatus: answer.kind === 'answer' ? answer.status : null,
      outcome: answer.kind === 'answer' ? 'response' : 'unreachable',
      datasetId,
      correlationId: headers?.get('x-correlation-id') ?? `bulk-${item.jobId}-${item.position}`,
      bulkJobId: item.jobId,
      bulkItem: item.position,
      bulkState: state,
      ...(kept ? {} : { recorded: false }),
    })
    if (kept && (state === 'running' || state === 'done')) options.companyRefreshed(item.companyId)
  }

  schedule(0)
  return {
    wake: () => tick(),
    written(records) {
      if (records.length === 0 || stopped || !isBusy) return
      store.applyReadings(records).then(
        (changed) => changed > 0 && tick(),
        (error: unknown) => reportError(error),
      )
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await ticking
      await Promise.all([...sending])
      await store.releaseClaims(worker).catch(reportError)
    },
  }
}

/** `/companies/{id}/data/queue/{type}?connectionId=` or `/companies/{id}/data/all`. */
function requestPath(item: ClaimedItem): string | undefined {
  if (!isUuid(item.companyId)) return undefined
  if (item.dataType === null) return `/companies/${item.companyId}/data/all`
  if (!DATA_TYPE.test(item.dataType)) return undefined
  const query =
    item.connectionId !== null && isUuid(item.connectionId)
      ? `?connectionId=${encodeURIComponent(item.connectionId)}`
      : ''
  return `/companies/${item.companyId}/data/queue/${item.dataType}${query}`
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return null
  const text = (await response.text()).slice(0, ANSWER_CAPTURE)
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

function summaryMessage(job: EndedJob, publicUrl: URL) {
  const { counts } = job
  return alertMessage(
    {
      kind: 'bulk-finished',
      at: new Date().toISOString(),
      jobId: job.id,
      state: job.state,
      createdBy: job.createdBy,
      counts: {
        done: counts.done,
        failed: counts.failed,
        skipped: counts.skipped,
        unknown: counts.unknown,
        cancelled: counts.cancelled,
      },
    },
    newAlertId(),
    publicUrl,
  )
}
