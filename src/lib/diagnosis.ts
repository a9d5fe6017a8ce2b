// Why a data type's data is old or wrong, and the one thing to do about it, from Codat's facts.
import { formatRelative, type CodatDate } from './dates.ts'
import { diagnosisFacts, SUPPORT } from './diagnosis-facts.ts'
import { runningDiagnosis } from './diagnosis-running.ts'
import { durationStats } from './durations.ts'
import { describeFailureRun, findFailureRun, formatShortTime, newestFirst } from './failure-run.ts'
import { DEFAULT_STALE_HOURS, dataTypeHealth, needsRelink } from './health.ts'
import { parsePausedUntil } from './paused-until.ts'
import { servingConnections } from './serving-connections.ts'
import { statusGroup } from './status-groups.ts'
import type { Diagnosis, DiagnosisInput, DiagnosisOptions } from './diagnosis-types.ts'

export function diagnose(input: DiagnosisInput, options: DiagnosisOptions): Diagnosis {
  const { nowMs } = options
  const at = (date: CodatDate) =>
    `${formatShortTime(date, options)} (${formatRelative(date.epochMs, nowMs)})`
  const history = newestFirst(input.history ?? [])
  const current = input.status?.currentStatus ?? undefined
  const lastSuccess = input.status?.lastSuccessfulSync
  const health = dataTypeHealth(
    { currentStatus: current, lastSuccessfulSync: lastSuccess },
    { now: nowMs, staleHours: options.staleHours },
  )
  const stats = durationStats(history)
  const serving = servingConnections(
    input.dataType,
    input.connections ?? [],
    history.map((operation) => operation.connectionId),
  )
  const relinkable = serving.filter(needsRelink)
  const linked = serving.filter((connection) => connection.status === 'Linked')
  const latest = history.find((op) => op.id === input.status?.latestSyncId) ?? history[0]

  const run = findFailureRun(history, input.historyTotal)
  const facts = diagnosisFacts({
    lastSuccess,
    stats,
    run,
    times: [lastSuccess, latest?.requested],
    staleHours: health === 'stale' ? (options.staleHours ?? DEFAULT_STALE_HOURS) : undefined,
    at,
  })
  const base = { facts, relink: relinkable, durations: stats, isStale: health === 'stale' }

  const relinkText = (verb: string) =>
    `Ask the business to ${verb} ${relinkable.map((c) => c.platformName).join(' and ')} through the Link URL${relinkable.length > 1 ? 's' : ''} below; refreshing will fail until they do.`

  if (statusGroup(current ?? '') === 'relink' || (relinkable.length > 0 && linked.length === 0)) {
    const connection = relinkable[0]
    // Codat may not have marked the connection yet: the one the refused pull used needs it.
    const refusedOn = input.connections?.filter((c) => c.id === latest?.connectionId) ?? []
    return {
      ...base,
      relink: relinkable.length > 0 ? relinkable : refusedOn,
      kind: 'needs-relink',
      tone: 'warn',
      failureRun: run,
      summary: connection
        ? `Codat has no access to ${connection.platformName}: the connection is ${connection.status}.`
        : 'Codat lost access to the source platform (AuthError): the authorisation was revoked or expired.',
      next: relinkable.length
        ? {
            kind: 'relink',
            text: relinkText(connection?.status === 'PendingAuth' ? 'finish linking' : 'relink'),
          }
        : {
            kind: 'relink',
            text: 'Ask the business to relink the connection; refreshing will fail until they do.',
          },
    }
  }
  if (current === 'NotSupported') {
    return {
      ...base,
      kind: 'not-supported',
      tone: 'neutral',
      summary: `${serving.map((c) => c.platformName).join(' and ') || 'The integration'} does not offer ${input.dataType}.`,
      next: { kind: 'none', text: 'Nothing to do: a refresh will give the same answer.' },
    }
  }
  const running = history.find((op) => statusGroup(op.status) === 'in-progress')
  if (current === undefined && !running) {
    const canSync = input.connections === undefined || linked.length > 0
    const names = linked.map((c) => c.platformName).join(' or ')
    return {
      ...base,
      kind: 'never-synced',
      tone: 'neutral',
      summary: `${input.dataType} has never synced.`,
      next: canSync
        ? {
            kind: 'refresh',
            text: names
              ? `Refresh it: the linked ${names} connection can read it.`
              : 'Refresh it to read it for the first time.',
          }
        : {
            kind: 'none',
            text:
              (input.connections?.length ?? 0) === 0
                ? 'The company has no connection: ask the business to link its software first.'
                : 'No linked connection can read it: ask the business to link one that offers this data.',
          },
    }
  }
  if (statusGroup(current ?? '') === 'in-progress' || (current === undefined && running)) {
    const operation = running ?? latest
    return {
      ...base,
      runningOperation: operation,
      ...runningDiagnosis(operation, stats, input.progressSamples ?? [], { at, nowMs, facts }),
    }
  }
  if (current === 'RateLimitError') {
    const until = parsePausedUntil(latest?.statusDescription)
    const isOver = until !== undefined && until.epochMs <= nowMs
    return {
      ...base,
      kind: 'rate-limited',
      tone: 'warn',
      rateLimitedUntil: until,
      summary: until
        ? `The source platform’s rate limit paused this sync until ${at(until)}.`
        : `The source platform’s rate limit paused this sync${latest?.statusDescription ? ` (“${latest.statusDescription}”)` : ''}.`,
      next: isOver
        ? { kind: 'refresh', text: 'The pause is over: refresh it now.' }
        : { kind: 'wait', text: 'Wait until the pause ends, then refresh it.' },
    }
  }
  switch (statusGroup(current ?? '')) {
    case 'error':
      return {
        ...base,
        kind: 'failing',
        tone: 'error',
        failureRun: run,
        summary: run
          ? `Failing: ${describeFailureRun({ status: current, ...run }, options)}.`
          : `The latest pull failed with ${current}.`,
        next:
          current === 'PermissionsError'
            ? {
                kind: 'relink',
                text: 'Ask the business to grant access to this data, or to relink with a user who has it.',
              }
            : {
                kind: run && run.failuresInARow >= 3 ? 'contact-support' : 'refresh',
                text:
                  run && run.failuresInARow >= 3
                    ? `Refreshing again is unlikely to help: ${SUPPORT}.`
                    : `Refresh it; if it fails again, ${SUPPORT}.`,
              },
      }
    case 'success':
      return health === 'stale'
        ? {
            ...base,
            kind: 'stale',
            tone: 'warn',
            summary: `The last sync succeeded, but nothing newer has been read since ${lastSuccess ? at(lastSuccess) : 'then'}.`,
            next: {
              kind: 'refresh',
              text: 'Refresh it, and check the sync schedule for this data type in Codat.',
            },
          }
        : {
            ...base,
            kind: 'healthy',
            tone: 'ok',
            summary: `Healthy: the latest pull succeeded${lastSuccess ? ` ${formatRelative(lastSuccess.epochMs, nowMs)}` : ''}.`,
            next: { kind: 'none', text: 'Nothing to do.' },
          }
    case 'cancelled':
      return {
        ...base,
        kind: 'cancelled',
        tone: 'neutral',
        summary: 'The latest pull was cancelled before it finished.',
        next: { kind: 'refresh', text: 'Refresh it if the data is still needed.' },
      }
    default:
      return {
        ...base,
        kind: 'unknown-status',
        tone: 'warn',
        summary: `Codat reports a status this console does not know: “${current}”.`,
        next: {
          kind: 'contact-support',
          text: `Check Codat’s status documentation, or ${SUPPORT}.`,
        },
      }
  }
}
