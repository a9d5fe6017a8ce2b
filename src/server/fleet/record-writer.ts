// Collects company readings and writes them to the store in batches, assessed against what it held before.
import type { FleetStore } from '../store/fleet-store.ts'
import { assessCompany, type CompanyReading } from './company-assessment.ts'

export interface RecordWriter {
  add(reading: CompanyReading, readAt: string): Promise<void>
  /** Writes whatever is waiting; resolves when it is in the store. */
  flush(): Promise<void>
}

const BATCH = 100

export function createRecordWriter(store: FleetStore, staleHours: number): RecordWriter {
  let waiting: { reading: CompanyReading; readAt: string }[] = []
  let chain: Promise<void> = Promise.resolve()

  const write = async (batch: typeof waiting) => {
    // The same company twice in a batch: the later reading wins.
    const latest = new Map(batch.map((item) => [item.reading.id, item]))
    const previous = await store.loadCompanies([...latest.keys()])
    const records = []
    const changes = []
    for (const { reading, readAt } of latest.values()) {
      const assessed = assessCompany(previous.get(reading.id), reading, { readAt, staleHours })
      records.push(assessed.record)
      changes.push(...assessed.changes)
    }
    await store.writeCompanies(records, changes)
  }

  const flush = () => {
    if (waiting.length === 0) return chain
    const batch = waiting
    waiting = []
    const run = chain.then(() => write(batch))
    // One failed batch must not block the ones after it; its caller sees the error.
    chain = run.catch(() => undefined)
    return run
  }

  return {
    add(reading, readAt) {
      waiting.push({ reading, readAt })
      return waiting.length >= BATCH ? flush() : Promise.resolve()
    },
    flush,
  }
}
