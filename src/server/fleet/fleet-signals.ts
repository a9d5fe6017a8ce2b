// Hears what console processes ask of the scanning one as it is announced (LISTEN/NOTIFY on PostgreSQL, in-process on the embedded store), with a slow poll for anything missed.
import { z } from 'zod'
import type { Database } from '../store/database.ts'
import { FLEET_SIGNAL_CHANNEL, FLEET_SIGNALS, type FleetSignal } from '../store/fleet-store.ts'

export interface SignalFollower {
  /** Applies these signals (all of them when none are named); resolves once they are applied. */
  wake(signals?: readonly FleetSignal[]): Promise<void>
  stop(): Promise<void>
}

export interface SignalFollowerOptions {
  db: Database
  /** Takes what the signals point at from the store; never runs twice at once. */
  apply(signals: ReadonlySet<FleetSignal>): Promise<void>
  /** Every signal is applied this often as well, for an announcement no session heard. */
  fallbackMs: number
  report(error: unknown): void
}

/** After `apply` failed (the store was away): try those signals again this soon. */
const RETRY_MS = 2000

const signalSchema = z.enum(FLEET_SIGNALS)

export async function followSignals(options: SignalFollowerOptions): Promise<SignalFollower> {
  let pending = new Set<FleetSignal>()
  let chain = Promise.resolve()
  let isStopped = false
  let retry: NodeJS.Timeout | undefined
  const report = (error: unknown) => options.report(error)
  /** A wake nobody waits for. */
  const nudge = (signals?: readonly FleetSignal[]) => {
    wake(signals).catch(report)
  }

  // Each wake queues one step; a step takes everything pending, so a burst costs one apply.
  const wake = (signals: readonly FleetSignal[] = FLEET_SIGNALS): Promise<void> => {
    for (const signal of signals) pending.add(signal)
    const step = chain.then(async () => {
      if (isStopped || pending.size === 0) return
      const taken = pending
      pending = new Set()
      try {
        await options.apply(taken)
      } catch (error) {
        report(error)
        for (const signal of taken) pending.add(signal)
        clearTimeout(retry)
        retry = setTimeout(() => nudge([]), RETRY_MS)
      }
    })
    chain = step
    return step
  }

  const fallback = setInterval(() => nudge(), options.fallbackMs)
  const unlisten = await options.db
    .listen(
      FLEET_SIGNAL_CHANNEL,
      (payload) => {
        // Anyone who can reach the database can NOTIFY: an unknown payload is ignored.
        const signal = signalSchema.safeParse(payload)
        if (signal.success) nudge([signal.data])
      },
      // Listening again after the session was away: what was announced meanwhile is lost.
      () => nudge(),
    )
    .catch((error: unknown) => {
      report(error)
      return () => Promise.resolve()
    })

  return {
    wake,
    async stop() {
      isStopped = true
      clearInterval(fallback)
      clearTimeout(retry)
      await unlisten()
      await chain
    },
  }
}
