// How long a request has been waiting for Codat, so a slow answer gets words, not a frozen label.
import { useEffect, useState } from 'react'

/** Past this, a wait is worth mentioning. */
export const SLOW_AFTER_SECONDS = 3

/** Whole seconds since `isWaiting` became true; 0 while not waiting. */
export function useWaitingSeconds(isWaiting: boolean): number {
  const [seconds, setSeconds] = useState(0)
  useEffect(() => {
    if (!isWaiting) return
    const started = Date.now()
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000)
    return () => {
      clearInterval(timer)
      setSeconds(0)
    }
  }, [isWaiting])
  return seconds
}

/** "Queuing…", then "Still waiting for Codat (8 s)…" once the wait is long. */
export function waitingText(label: string, seconds: number): string {
  return seconds < SLOW_AFTER_SECONDS ? label : `Still waiting for Codat (${seconds} s)…`
}
