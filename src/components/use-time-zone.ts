// Which zone the console shows times in: the viewer's own or UTC, chosen once, kept in the browser.
import { useSyncExternalStore } from 'react'
import { browserTimeZone } from '../lib/dates.ts'

export type TimeZoneChoice = 'local' | 'utc'

const STORAGE_KEY = 'console.timeZone'
const listeners = new Set<() => void>()

let fallback: TimeZoneChoice = 'local'

/**
 * `read`, asked again on every render pass, so a test or another tab that changes the stored
 * choice (or a laptop that travels to another zone) is seen at once; but once per pass, not once
 * per timestamp: a page of history shows hundreds.
 */
function oncePerPass<T>(read: () => T): { get: () => T; forget: () => void } {
  let value: { current: T } | undefined
  return {
    get() {
      if (value === undefined) {
        value = { current: read() }
        queueMicrotask(() => {
          value = undefined
        })
      }
      return value.current
    },
    forget() {
      value = undefined
    },
  }
}

const choice = oncePerPass(() => readStored())
const localZone = oncePerPass(browserTimeZone)
const readChoice = () => choice.get()

function readStored(): TimeZoneChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    return stored === 'utc' || stored === 'local' ? stored : fallback
  } catch {
    return fallback
  }
}

function setChoice(next: TimeZoneChoice) {
  try {
    localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this page only.
    fallback = next
  }
  choice.forget()
  listeners.forEach((listener) => listener())
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  // Another tab of the console changed it: follow, so both show the same zone.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return
    choice.forget()
    listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

export interface TimeZoneSetting {
  choice: TimeZoneChoice
  /** The IANA zone to format in: `'UTC'` or the browser's, e.g. `Europe/London`. */
  timeZone: string
  /** The browser's own zone, to name the "local" choice. */
  localTimeZone: string
  setChoice: (next: TimeZoneChoice) => void
}

/** Every time on screen reads this, so a switch applies everywhere at once. */
export function useTimeZone(): TimeZoneSetting {
  const chosen = useSyncExternalStore(subscribe, readChoice, readChoice)
  const localTimeZone = localZone.get()
  return {
    choice: chosen,
    timeZone: chosen === 'utc' ? 'UTC' : localTimeZone,
    localTimeZone,
    setChoice,
  }
}
