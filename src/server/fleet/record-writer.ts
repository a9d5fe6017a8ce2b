// Collects company readings and writes them to the store in batches, assessed against what it held before.
import type { FleetStore } from '../store/fleet-store.ts'
import {
  deriveCompanyRecord,
  type CompanyReading,
  type CompanyRecord,
  type HealthChange,
} from '../../lib/fleet-row.ts'

export interface RecordWriter {
  add(reading: CompanyReading, readAt: string): Promise<void>
  /**
   * Writes whatever is waiting; resolves when it is in the store. Rejects when the store could
   * not take it: the readings wait for the next flush (a few tries each), nothing is dropped.
   */
  flush(): Promise<void>
  /** Readings waiting for the store. */
  waiting(): number
}

interface Waiting {
  reading: CompanyReading
  readAt: string
  tries: number
}

const BATCH = 100
/** Flushes a reading may fail before it is given up (the store refused it, or was away). */
const MAX_TRIES = 5
/** Readings kept while the store is away; beyond this the oldest are given up. */
const MAX_WAITING = 20_000
/** Single writes that fail in a row before the store counts as away rather than the records as bad. */
const AWAY_AFTER = 3

export function createRecordWriter(
  store: FleetStore,
  staleHours: number,
  log: (event: string, fields: Record<string, unknown>) => void = () => undefined,
  /** Hears of each batch once it is in the store, with the health changes it held (alerts). */
  onWritten: (records: readonly CompanyRecord[], changes: readonly HealthChange[]) => void = () =>
    undefined,
): RecordWriter {
  let waiting: Waiting[] = []
  let chain: Promise<void> = Promise.resolve()

  const writeAll = async (batch: readonly Waiting[]) => {
    // The same company twice in a batch: the later reading wins.
    const latest = new Map(batch.map((item) => [item.reading.id, item]))
    const previous = await store.loadCompanies([...latest.keys()])
    const records = []
    const changes = []
    for (const { reading, readAt } of latest.values()) {
      const assessed = deriveCompanyRecord(previous.get(reading.id), reading, {
        readAt,
        staleHours,
      })
      records.push(assessed.record)
      changes.push(...assessed.changes)
    }
    await store.writeCompanies(records, changes)
    onWritten(records, changes)
  }

  /**
   * One transaction for the batch; if PostgreSQL refuses it, each company on its own, so one
   * record it cannot take does not lose the others. When single writes fail too, the store is
   * away: everything goes back to wait.
   */
  const write = async (batch: Waiting[]) => {
    try {
      await writeAll(batch)
      return
    } catch (error) {
      if (batch.length === 1) return keep(batch, error)
      log('store-batch-refused', { companies: batch.length, error: message(error) })
    }
    let failedInARow = 0
    let written = 0
    for (const item of batch) {
      try {
        await writeAll([item])
        written += 1
        failedInARow = 0
      } catch (error) {
        failedInARow += 1
        if (written === 0 && failedInARow >= AWAY_AFTER) return keep(batch, error)
        log('company-write-failed', { companyId: item.reading.id, error: message(error) })
      }
    }
  }

  const keep = (items: Waiting[], error: unknown): never => {
    const again = items
      .map((item) => ({ ...item, tries: item.tries + 1 }))
      .filter((item) => {
        if (item.tries < MAX_TRIES) return true
        log('company-write-given-up', { companyId: item.reading.id, error: message(error) })
        return false
      })
    waiting = [...again, ...waiting]
    if (waiting.length > MAX_WAITING) {
      const dropped = waiting.splice(0, waiting.length - MAX_WAITING)
      log('readings-dropped', { companies: dropped.length, reason: 'the store is away' })
    }
    throw error
  }

  const flush = (): Promise<void> => {
    if (waiting.length === 0) return chain
    const batch = waiting.splice(0, BATCH)
    const run = chain.then(() => write(batch))
    // One failed batch must not block the ones after it; its caller sees the error.
    chain = run.catch(() => undefined)
    return waiting.length > 0 ? run.then(flush) : run
  }

  return {
    add(reading, readAt) {
      waiting.push({ reading, readAt, tries: 0 })
      return waiting.length >= BATCH ? flush() : Promise.resolve()
    },
    flush,
    waiting: () => waiting.length,
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
