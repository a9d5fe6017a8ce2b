// What a pull operation's status means for the person looking at it, and what to do next.
import { POLL_MS } from '../../api/refresh-data.ts'
import type { CodatDate } from '../../lib/dates.ts'
import { parsePausedUntil } from '../../lib/paused-until.ts'
import { isKnownStatus, statusGroup } from '../../lib/status-groups.ts'

export type GuidanceTone = 'ok' | 'info' | 'warn' | 'error' | 'neutral'

export type NextStep =
  | { kind: 'none'; text: string }
  | { kind: 'watch'; text: string }
  | { kind: 'relink'; text: string }
  | { kind: 'retry-later'; text: string }
  | { kind: 'contact-support'; text: string }
  /** `until` is parsed from Codat's statusDescription when it carries a timestamp. */
  | { kind: 'wait'; text: string; until?: CodatDate; said?: string }

export interface StatusGuidance {
  tone: GuidanceTone
  meaning: string
  next: NextStep
}

const SUPPORT =
  'If it keeps failing, contact Codat support and quote the pull operation ID and company ID (the "Support ticket" Copy button at the top gathers both, with the times and error).'

const RUNNING_STAGE: Readonly<Record<string, string>> = {
  Initial: 'is being set up',
  Queued: 'is waiting in Codat’s queue to start',
  Fetching: 'is reading data from the source platform',
  MapQueued: 'has fetched the data and is waiting to map it',
  Mapping: 'is mapping the fetched data into Codat’s model',
  ProcessingQueued: 'is waiting to be processed',
  Processing: 'is being processed',
  ValidationQueued: 'is waiting to be validated',
  Validating: 'is being validated',
  Routing: 'is being routed to a worker',
}

const ERROR_MEANING: Readonly<Record<string, string>> = {
  FetchError: 'Codat could not read this data from the source platform.',
  MapError: 'Codat read the data but could not map it into its model.',
  InternalError: 'Codat hit an internal problem while handling this pull.',
  ProcessingError: 'Codat fetched the data but failed while processing it.',
  ValidationError: 'The data failed Codat’s validation checks.',
  PermissionsError:
    'The user who linked the connection lacks permission to read this data in the source platform.',
  PrerequisiteNotMet: 'Another data type has to sync successfully before this one can.',
  RoutingError: 'Codat could not route this pull to a worker.',
}

export function guidanceFor(operation: {
  status: string
  statusDescription?: string | null
}): StatusGuidance {
  const { status } = operation
  switch (statusGroup(status)) {
    case 'success':
      return {
        tone: 'ok',
        meaning: 'The pull finished and the data is up to date as of its completion time.',
        next: { kind: 'none', text: 'Nothing to do.' },
      }
    case 'in-progress':
      return {
        tone: 'info',
        meaning: `This pull is running: it ${RUNNING_STAGE[status] ?? 'is in progress'}.${
          status === 'Queued'
            ? ' A pull that stays queued for long may be waiting for an on-premise connector to come online.'
            : ''
        }`,
        next: {
          kind: 'watch',
          text: `Nothing to do yet: this screen re-reads the operation every ${POLL_MS / 1000} s until the pull ends.`,
        },
      }
    case 'relink':
      return {
        tone: 'warn',
        meaning:
          'Codat lost access to the source platform: the authorisation was revoked or expired.',
        next: {
          kind: 'relink',
          text: 'Ask the business to relink the connection. Retrying will fail until they do.',
        },
      }
    case 'not-supported':
      return {
        tone: 'neutral',
        meaning: 'The source platform does not offer this data type.',
        next: {
          kind: 'none',
          text: 'Nothing to do: a refresh will give the same answer.',
        },
      }
    case 'cancelled':
      return {
        tone: 'neutral',
        meaning: 'The pull was cancelled before it finished.',
        next: { kind: 'none', text: 'Refresh the data type again if the data is still needed.' },
      }
    case 'unknown':
      return {
        tone: 'warn',
        meaning: `Codat reported a status this console does not know: "${status}".`,
        next: { kind: 'contact-support', text: `Check Codat’s status documentation. ${SUPPORT}` },
      }
    case 'error':
      return errorGuidance(status, operation.statusDescription)
  }
}

function errorGuidance(status: string, description: string | null | undefined): StatusGuidance {
  if (status === 'RateLimitError') {
    const until = parsePausedUntil(description)
    return {
      tone: 'warn',
      meaning: 'The source platform’s rate limit was reached, so Codat paused this pull.',
      next: {
        kind: 'wait',
        text: until
          ? 'Wait until the pause ends, then refresh this data type.'
          : 'Wait until the time Codat gives, then refresh this data type.',
        until,
        said: description ?? undefined,
      },
    }
  }
  if (status === 'PermissionsError') {
    return {
      tone: 'error',
      meaning: ERROR_MEANING[status] ?? '',
      next: {
        kind: 'relink',
        text: 'Ask the business to grant access to this data, or relink with a user who has it.',
      },
    }
  }
  const meaning = (isKnownStatus(status) ? ERROR_MEANING[status] : undefined) ?? 'The pull failed.'
  return {
    tone: 'error',
    meaning,
    next: {
      kind: status === 'FetchError' ? 'retry-later' : 'contact-support',
      text: `Refresh this data type again later. ${SUPPORT}`,
    },
  }
}
