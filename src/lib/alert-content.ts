// What an alert says of one data type (the "Why?" panel's diagnosis, the error, since when) and where its links lead.
import type { AlertDetail, ToldHealth } from './alert-rules.ts'
import { diagnose } from './diagnosis.ts'
import type { DiagnosisInput } from './diagnosis-types.ts'

/** The data type keys the company screen opens a "Why?" panel for (its `why` search param). */
const WHY_KEY = /^[A-Za-z][A-Za-z0-9-]{0,63}$/

/**
 * The detail a message carries, worked out when the change is seen (the scanner has the
 * status, connections and, for a failing type, its recent pulls then): the same diagnosis the
 * company screen's "Why?" panel gives, judged in UTC.
 */
export function alertDetail(
  input: DiagnosisInput,
  {
    nowMs,
    staleHours,
    since,
    storedError = null,
  }: {
    nowMs: number
    staleHours: number
    since: string | null
    /** The error the store kept from the type's history, for when no pulls are at hand. */
    storedError?: string | null | undefined
  },
): AlertDetail {
  const diagnosis = diagnose(input, { nowMs, staleHours, timeZone: 'UTC' })
  const latest = diagnosis.failureRun?.failures[0]
  const error =
    diagnosis.failureRun?.latestError ??
    latest?.errorMessage ??
    latest?.statusDescription ??
    storedError
  return {
    status: input.status?.currentStatus ?? null,
    since,
    error: error?.trim() || null,
    diagnosis: diagnosis.summary,
    next: diagnosis.next,
    // A stored connection has no Link URL (''): the company screen shows it then.
    relinkUrl: diagnosis.next.kind === 'relink' ? diagnosis.relink[0]?.linkUrl || null : null,
  }
}

/**
 * A path under the console's public address, whatever sub-path it is served from. An address
 * ending in `#/` (the demo's static build routes by hash) puts the path after it.
 */
function under(publicUrl: URL, path: string, params: Record<string, string | null> = {}): string {
  const isHashRouted = publicUrl.hash.startsWith('#/')
  const page = isHashRouted ? new URL(publicUrl.href.slice(0, -publicUrl.hash.length)) : publicUrl
  const base = page.href.endsWith('/') ? page.href : `${page.href}/`
  const url = new URL(isHashRouted ? `${publicUrl.hash.slice(2)}${path}` : path, base)
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value)
  if (!isHashRouted) return url.href
  return `${base}#${url.href.slice(base.length - 1)}`
}

/** The company screen, with the type's "Why?" panel open when the type has one. */
export function companyLink(publicUrl: URL, companyId: string, dataType?: string): string {
  return under(publicUrl, `companies/${encodeURIComponent(companyId)}`, {
    why: dataType && WHY_KEY.test(dataType) ? dataType : null,
  })
}

/** The Fleet filtered to one health and platform, as its own URL spells the filters. */
export function fleetLink(
  publicUrl: URL,
  filter: { health?: ToldHealth; platform?: string | null } = {},
): string {
  return under(publicUrl, '', { health: filter.health ?? null, platform: filter.platform ?? null })
}
