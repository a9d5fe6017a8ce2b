// Companies opened lately, kept in this browser; damaged or foreign storage reads as "none".
import { useCallback, useSyncExternalStore } from 'react'
import { z } from 'zod'
import { isUuid } from '../../lib/uuid.ts'

export const RECENT_COMPANIES_KEY = 'console.recentCompanies'
export const MAX_RECENT_COMPANIES = 8

const recentCompanySchema = z.object({
  id: z.string().refine(isUuid),
  name: z.string().min(1).max(500),
  openedAt: z.number().finite(),
})
export type RecentCompany = z.infer<typeof recentCompanySchema>

function storage(): Storage | undefined {
  try {
    return window.localStorage
  } catch {
    // Blocked storage (privacy settings) throws on access.
    return undefined
  }
}

/** Entries that do not parse are dropped one by one; a broken value as a whole gives []. */
export function parseRecentCompanies(raw: string | null): RecentCompany[] {
  if (!raw) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return []
  }
  if (!Array.isArray(parsed)) return []
  const seen = new Set<string>()
  const companies: RecentCompany[] = []
  for (const entry of parsed) {
    const result = recentCompanySchema.safeParse(entry)
    if (!result.success || seen.has(result.data.id)) continue
    seen.add(result.data.id)
    companies.push(result.data)
  }
  return companies.slice(0, MAX_RECENT_COMPANIES)
}

function readRaw(): string | null {
  try {
    return storage()?.getItem(RECENT_COMPANIES_KEY) ?? null
  } catch {
    return null
  }
}

const listeners = new Set<() => void>()

function write(companies: readonly RecentCompany[] | undefined) {
  try {
    const store = storage()
    if (companies === undefined) store?.removeItem(RECENT_COMPANIES_KEY)
    else store?.setItem(RECENT_COMPANIES_KEY, JSON.stringify(companies))
  } catch {
    // Full or blocked storage: remembering is a convenience, never a failure.
  }
  for (const listener of listeners) listener()
}

/** Moves the company to the top of the list, with its current name. */
export function rememberCompany(company: { id: string; name: string }, now = Date.now()) {
  const others = parseRecentCompanies(readRaw()).filter(
    (entry) => entry.id !== company.id.toLowerCase(),
  )
  const entry = { id: company.id.toLowerCase(), name: company.name, openedAt: now }
  write([entry, ...others].slice(0, MAX_RECENT_COMPANIES))
}

export function clearRecentCompanies() {
  write(undefined)
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  // Another tab opened or cleared a company.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === RECENT_COMPANIES_KEY) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

let cache: { raw: string | null; companies: RecentCompany[] } = { raw: null, companies: [] }

function snapshot(): RecentCompany[] {
  const raw = readRaw()
  if (raw !== cache.raw) cache = { raw, companies: parseRecentCompanies(raw) }
  return cache.companies
}

export function useRecentCompanies() {
  const companies = useSyncExternalStore(subscribe, snapshot, () => [])
  const clear = useCallback(() => clearRecentCompanies(), [])
  return { companies, clear }
}
