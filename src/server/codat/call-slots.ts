// Caps the calls to Codat each user (or client address) has in flight, with a short bounded queue behind them.

export type SlotResult =
  /** Go ahead; `release()` once the call is over. `waitedMs` is 0 when no queue was needed. */
  | { kind: 'granted'; waitedMs: number; release(): void }
  /** The caller already has its cap in flight and its queue full. */
  | { kind: 'queue-full'; inFlight: number; queued: number }
  /** Waited `waitedMs` in the queue and no earlier call of the caller finished. */
  | { kind: 'expired'; waitedMs: number }
  /** The caller went away while waiting. */
  | { kind: 'cancelled' }

export interface CallSlots {
  acquire(key: string, maxWaitMs: number, signal?: AbortSignal): Promise<SlotResult>
}

interface Waiter {
  grant(): void
}

interface Lane {
  inFlight: number
  waiting: Waiter[]
}

/**
 * The shared pool of sockets to Codat is small (Codat allows 10 concurrent requests), so one
 * person's slow calls would otherwise hold all of it. Each key gets `perKey` calls in flight and
 * `queuePerKey` waiting in order; beyond that the call is refused at once.
 */
export function createCallSlots(perKey: number, queuePerKey: number): CallSlots {
  const lanes = new Map<string, Lane>()

  const release = (key: string, lane: Lane) => {
    const next = lane.waiting.shift()
    if (next) return next.grant()
    lane.inFlight -= 1
    if (lane.inFlight === 0) lanes.delete(key)
  }

  const granted = (key: string, lane: Lane, waitedMs: number): SlotResult => {
    let released = false
    return {
      kind: 'granted',
      waitedMs,
      release: () => {
        if (released) return
        released = true
        release(key, lane)
      },
    }
  }

  return {
    acquire(key, maxWaitMs, signal) {
      let lane = lanes.get(key)
      if (!lane) {
        lane = { inFlight: 0, waiting: [] }
        lanes.set(key, lane)
      }
      if (lane.inFlight < perKey) {
        lane.inFlight += 1
        return Promise.resolve(granted(key, lane, 0))
      }
      if (lane.waiting.length >= queuePerKey) {
        return Promise.resolve({
          kind: 'queue-full',
          inFlight: lane.inFlight,
          queued: lane.waiting.length,
        })
      }
      const current = lane
      const started = performance.now()
      return new Promise<SlotResult>((resolve) => {
        const leave = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', cancel)
          const index = current.waiting.indexOf(waiter)
          if (index !== -1) current.waiting.splice(index, 1)
        }
        // A released slot passes straight to the next waiter: inFlight stays as it was.
        const waiter: Waiter = {
          grant: () => {
            leave()
            resolve(granted(key, current, Math.round(performance.now() - started)))
          },
        }
        const timer = setTimeout(() => {
          leave()
          resolve({ kind: 'expired', waitedMs: Math.round(performance.now() - started) })
        }, maxWaitMs)
        const cancel = () => {
          leave()
          resolve({ kind: 'cancelled' })
        }
        signal?.addEventListener('abort', cancel, { once: true })
        current.waiting.push(waiter)
      })
    },
  }
}
