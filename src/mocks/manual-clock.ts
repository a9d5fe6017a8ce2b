// A clock that only moves when told to, so tests can walk a pull operation through its life.

export interface ManualClock {
  now: () => number
  advance: (ms: number) => void
}

/** Starts at a fixed instant by default, so dates in test output never change between runs. */
export function createManualClock(start = Date.UTC(2026, 10, 20, 9, 30, 0)): ManualClock {
  let current = start
  return {
    now: () => current,
    advance: (ms) => {
      current += ms
    },
  }
}
