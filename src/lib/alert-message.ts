// An alert as the console sends it: one JSON shape (the generic webhook's body), built from what the rules told.
import type { AlertNotice, DigestGroup, ToldHealth } from './alert-rules.ts'
import { formatShortTime } from './failure-run.ts'
import { companyLink, fleetLink } from './alert-content.ts'

export const ALERT_TYPES = [
  'alert.baseline',
  'alert.change',
  'alert.digest',
  'alert.codat-down',
  'alert.codat-up',
  'alert.test',
  'alert.bulk-finished',
] as const
export type AlertType = (typeof ALERT_TYPES)[number]

/**
 * The body of a generic webhook (signed with Standard Webhooks; `webhook-id` is `id`). Every
 * field but `type`, `id`, `at`, `title`, `text` and `links` appears only where the type has it:
 *
 * - `alert.change`: one data type of one company moved to `failing`, `needs_relink` or
 *   `stale`, or back to `healthy`: `company`, `dataType`, `health`, `previousHealth`,
 *   `status` (Codat's), `since`, `error`, `diagnosis`, `nextStep`.
 * - `alert.digest`: more changes within a minute than ALERT_DIGEST_THRESHOLD: `groups`, one
 *   per health, platform and status, each with a link to the filtered Fleet.
 * - `alert.baseline`: the first scan's summary: `companies` and `groups` (one per health).
 * - `alert.codat-down` / `alert.codat-up`: Codat failing the scanner, and its recovery: `codat`.
 * - `alert.test`: sent by an operator to check the channel.
 * - `alert.bulk-finished`: a bulk refresh ended (finished or cancelled): `bulk`, its counts.
 */
export interface AlertMessage {
  type: AlertType
  /** Unique per message; a receiver that sees it twice has seen one message. */
  id: string
  /** When the console decided to send it (ISO-8601). */
  at: string
  /** One line, plain text. */
  title: string
  /** A few plain sentences. */
  text: string
  links: { label: string; url: string }[]
  company?: { id: string; name: string; url: string }
  dataType?: string
  health?: ToldHealth
  previousHealth?: ToldHealth
  status?: string | null
  since?: string | null
  error?: string | null
  diagnosis?: string
  nextStep?: { kind: string; text: string }
  companies?: number
  groups?: (Omit<DigestGroup, 'health'> & { health: ToldHealth; fleetUrl: string })[]
  codat?: { since: string; reason: string }
  bulk?: { jobId: string; state: 'finished' | 'cancelled'; counts: Record<string, number> }
}

/** A bulk refresh ended; told once per end, by the scanning process that saw it end. */
export interface BulkFinishedNotice {
  kind: 'bulk-finished'
  at: string
  jobId: string
  state: 'finished' | 'cancelled'
  counts: { done: number; failed: number; skipped: number; unknown: number; cancelled: number }
  createdBy: string | null
}

export const HEALTH_WORDS: Record<ToldHealth, string> = {
  failing: 'failing',
  needs_relink: 'needs relink',
  stale: 'stale',
  healthy: 'healthy',
}
const WORDS = HEALTH_WORDS

const when = (iso: string) => formatShortTime(iso, { timeZone: 'UTC' })
const plural = (count: number, noun: string) =>
  `${count.toLocaleString('en-GB')} ${count === 1 ? noun : noun === 'company' ? 'companies' : `${noun}s`}`

/** "Xero · FetchError · 143 companies". */
export function groupLine(group: Pick<DigestGroup, 'platform' | 'status' | 'companies'>): string {
  return [group.platform ?? 'Unknown platform', group.status, plural(group.companies, 'company')]
    .filter(Boolean)
    .join(' · ')
}

export function alertMessage(
  notice: AlertNotice | BulkFinishedNotice,
  id: string,
  publicUrl: URL,
): AlertMessage {
  const base = { id, at: notice.at }
  switch (notice.kind) {
    case 'bulk-finished': {
      const { counts } = notice
      const parts = [
        `${counts.done.toLocaleString('en-GB')} done`,
        `${counts.failed.toLocaleString('en-GB')} failed`,
        `${counts.skipped.toLocaleString('en-GB')} skipped`,
        ...(counts.unknown > 0 ? [`${counts.unknown.toLocaleString('en-GB')} unknown`] : []),
        ...(counts.cancelled > 0 ? [`${counts.cancelled.toLocaleString('en-GB')} cancelled`] : []),
      ]
      return {
        ...base,
        type: 'alert.bulk-finished',
        title: `Bulk refresh ${notice.state === 'cancelled' ? 'cancelled' : 'finished'}: ${parts.join(', ')}`,
        text: `${notice.state === 'cancelled' ? 'Cancelled' : 'Started'} by ${notice.createdBy ?? 'an operator'}. Failed and unknown requests can be retried from the Fleet.`,
        links: [{ label: 'Open the Fleet', url: fleetLink(publicUrl) }],
        bulk: { jobId: notice.jobId, state: notice.state, counts },
      }
    }
    case 'change': {
      const { change, from } = notice
      const health = notice.change.health as ToldHealth
      const { detail } = change
      const company = {
        id: change.companyId,
        name: change.companyName,
        url: companyLink(publicUrl, change.companyId, change.dataType),
      }
      const isRecovery = health === 'healthy'
      const since = detail.since ?? notice.seenAt
      return {
        ...base,
        type: 'alert.change',
        title: isRecovery
          ? `${change.companyName}: ${change.dataType} is healthy again`
          : `${change.companyName}: ${change.dataType} ${health === 'needs_relink' ? 'needs relink' : `is ${WORDS[health]}`}`,
        text: [
          detail.diagnosis,
          isRecovery ? `It was ${WORDS[from]}.` : `Since ${when(since)}.`,
          isRecovery || detail.next.kind === 'none' ? '' : `Next: ${detail.next.text}`,
        ]
          .filter(Boolean)
          .join(' '),
        links: [
          { label: 'Open the company', url: company.url },
          ...(detail.relinkUrl && !isRecovery ? [{ label: 'Relink', url: detail.relinkUrl }] : []),
        ],
        company,
        dataType: change.dataType,
        health,
        previousHealth: from,
        status: detail.status,
        since,
        error: isRecovery ? null : detail.error,
        diagnosis: detail.diagnosis,
        nextStep: detail.next,
      }
    }
    case 'digest': {
      const groups = notice.groups.map((group) => ({
        ...group,
        fleetUrl: fleetLink(publicUrl, { health: group.health, platform: group.platform }),
      }))
      return {
        ...base,
        type: 'alert.digest',
        title: `${plural(notice.changes, 'health change')} within a minute`,
        text: groups
          .map(
            (group) =>
              `${WORDS[group.health]}: ${groupLine(group)} (${group.names.join(', ')}${group.companies > group.names.length ? ', …' : ''})`,
          )
          .join('\n'),
        links: [{ label: 'Open the Fleet', url: fleetLink(publicUrl) }],
        groups,
      }
    }
    case 'baseline': {
      const groups = notice.problems.map((problem) => ({
        health: problem.health,
        platform: null,
        status: null,
        types: problem.types,
        companies: problem.companies,
        names: [],
        fleetUrl: fleetLink(publicUrl, { health: problem.health }),
      }))
      const needing = notice.problems.reduce((sum, problem) => sum + problem.companies, 0)
      return {
        ...base,
        type: 'alert.baseline',
        title: `Alerts are on: ${plural(notice.companies, 'company')} watched`,
        text: [
          `The first scan found ${plural(needing, 'problem')} to look at:`,
          ...notice.problems.map(
            (problem) =>
              `${WORDS[problem.health]}: ${plural(problem.types, 'data type')} in ${plural(problem.companies, 'company')}`,
          ),
          'From now on, changes are told as they happen.',
        ].join('\n'),
        links: [{ label: 'Open the Fleet', url: fleetLink(publicUrl) }],
        companies: notice.companies,
        groups,
      }
    }
    case 'codat-down':
      return {
        ...base,
        type: 'alert.codat-down',
        title: `Codat unreachable since ${when(notice.since)}`,
        text: `${notice.reason}. The scanner cannot read the fleet; alerts for single companies wait until Codat answers again.`,
        links: [{ label: 'Open the Fleet', url: fleetLink(publicUrl) }],
        codat: { since: notice.since, reason: notice.reason },
      }
    case 'codat-up':
      return {
        ...base,
        type: 'alert.codat-up',
        title: 'Codat reachable again',
        text: `Codat answers the scanner again; it was unreachable from ${when(notice.downSince)} to ${when(notice.at)} (${notice.reason}).`,
        links: [{ label: 'Open the Fleet', url: fleetLink(publicUrl) }],
        codat: { since: notice.downSince, reason: notice.reason },
      }
  }
}

/** What an operator's test sends: the real path, a message anyone can tell apart. */
export function testMessage(id: string, at: string, publicUrl: URL): AlertMessage {
  return {
    type: 'alert.test',
    id,
    at,
    title: 'Test alert from the Codat Refresh Console',
    text: 'The alert channel works: this message came through the console’s own sending path.',
    links: [{ label: 'Open the Fleet', url: fleetLink(publicUrl) }],
  }
}
