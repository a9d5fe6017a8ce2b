// The staleness threshold, in hours: the fleet's default until changed here; kept in this browser.
import { useCallback, useSyncExternalStore } from 'react'
import { DEFAULT_STALE_HOURS } from '../../lib/health.ts'

export const STALE_HOURS_KEY = 'console.staleHours'
/** A week and a half at most: past that, "stale" stops telling anyone anything. */
export const MAX_STALE_HOURS = 240

/** A whole number of hours from 1 to {@link MAX_STALE_HOURS}; anything else reads as the default. */
export function parseStaleHours(raw: string | null): number {
  if (raw === null || !/^\d{1,3}$/.test(raw.trim())) return DEFAULT_STALE_HOURS
  const hours = Number(raw)
  return hours >= 1 && hours <= MAX_STALE_HOURS ? hours : DEFAULT_STALE_HOURS
}

// Where the value lives when the browser refuses storage: it lasts until the page reloads.
let memory: string | null = null

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(STALE_HOURS_KEY)
  } catch {
    // Blocked storage (privacy settings) throws on access.
    return memory
  }
}

const listeners = new Set<() => void>()

function subscribe(listener: () => void) {
  listeners.add(listener)
  const onStorage = (event: StorageEvent) => {
    if (event.key === STALE_HOURS_KEY || event.key === null) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

export function useStaleHours(): [number, (hours: number) => void] {
  const hours = useSyncExternalStore(subscribe, () => parseStaleHours(readRaw()))
  const setHours = useCallback((next: number) => {
    memory = String(next)
    try {
      if (next === DEFAULT_STALE_HOURS) window.localStorage.removeItem(STALE_HOURS_KEY)
      else window.localStorage.setItem(STALE_HOURS_KEY, String(next))
    } catch {
      // Kept in memory only.
    }
    for (const listener of listeners) listener()
  }, [])
  return [hours, setHours]
}
