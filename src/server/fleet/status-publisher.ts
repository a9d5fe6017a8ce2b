// Writes the scanner's status for the console processes that do not scan: when it changes, at most once a second.
import type { ScannerStatus } from '../../api/fleet-schemas.ts'

export interface StatusPublisher {
  /** The status may have changed: written within a second if it did. */
  changed(): void
  /** Writes the status now unless it is what was written last. */
  publish(): Promise<void>
  /** A new scanner: its first status is written whatever was written before. */
  forget(): void
  stop(): void
}

export interface StatusPublisherOptions {
  /** The scanner's status and where to write it; undefined while this process does not scan. */
  source(): { status(): ScannerStatus; write(status: ScannerStatus): Promise<void> } | undefined
  report(error: unknown): void
}

/** Changes to the scanner's status within this long are published as one write. */
const PUBLISH_AFTER_MS = 1000
/** A publication the store refused is tried again after this long. */
const PUBLISH_RETRY_MS = 5000

export function createStatusPublisher(options: StatusPublisherOptions): StatusPublisher {
  /** What this process last wrote, as JSON. */
  let written: string | undefined
  let timer: NodeJS.Timeout | undefined
  let pauseEndTimer: NodeJS.Timeout | undefined
  let isStopped = false

  const schedule = (delayMs: number) => {
    if (timer || isStopped) return
    timer = setTimeout(() => {
      timer = undefined
      publish().catch((error: unknown) => options.report(error))
    }, delayMs)
  }
  const publish = async () => {
    const source = options.source()
    if (!source || isStopped) return
    const status = source.status()
    const text = JSON.stringify(status)
    if (text !== written) {
      try {
        await source.write(status)
        written = text
      } catch (error) {
        options.report(error)
        return schedule(PUBLISH_RETRY_MS)
      }
    }
    // A pause runs out by the clock, not by an event: its end is published when it comes.
    clearTimeout(pauseEndTimer)
    if (status.pausedUntil) {
      const endsInMs = Math.max(0, Date.parse(status.pausedUntil) - Date.now())
      pauseEndTimer = setTimeout(() => schedule(0), endsInMs + 50)
    }
  }
  return {
    changed: () => schedule(PUBLISH_AFTER_MS),
    publish,
    forget() {
      written = undefined
    },
    stop() {
      isStopped = true
      clearTimeout(timer)
      clearTimeout(pauseEndTimer)
    },
  }
}
