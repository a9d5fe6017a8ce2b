// What reading the fleet cost in requests to Codat: per company for a full scan, everything else apart.
import type { ReadCounts } from './codat-reader.ts'

export interface ReadCost {
  /** Data status and connections reads in the companies' scan turn, per company (target: 2). */
  requestsPerCompany: number
  listPages: number
  /** Companies read again: still in progress after the re-read interval, webhooks, refreshes. */
  followUpRequests: number
  /** Failing types' recent history, read to count their failures in a row. */
  historyRequests: number
  /** Repeats after a 429, a 5xx or a network error. */
  retries: number
  rateLimited: number
  requests: number
}

export function readCost(counts: ReadCounts, companies: number): ReadCost {
  return {
    requestsPerCompany: companies > 0 ? Math.round((counts.scan / companies) * 1000) / 1000 : 0,
    listPages: counts.listPages,
    followUpRequests: counts.followUp,
    historyRequests: counts.history,
    retries: counts.retries,
    rateLimited: counts.rateLimited,
    requests: counts.listPages + counts.scan + counts.followUp + counts.history + counts.retries,
  }
}
