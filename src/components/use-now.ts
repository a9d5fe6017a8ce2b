// The current time, re-read on an interval, so relative times and countdowns stay true.
import { useEffect, useRef, useState } from 'react'

/**
 * `Date.now()`, updated every `intervalMs`; `false` stops the clock (nothing on screen needs
 * it). A clock switched on after mount reads the time at once rather than one interval late.
 */
export function useNow(intervalMs: number | false): number {
  const [now, setNow] = useState(() => Date.now())
  const hasRun = useRef(false)
  useEffect(() => {
    const isRestart = hasRun.current
    hasRun.current = true
    if (intervalMs === false) return
    const tick = () => setNow(Date.now())
    const first = isRestart ? setTimeout(tick, 0) : undefined
    const timer = setInterval(tick, intervalMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [intervalMs])
  return now
}
