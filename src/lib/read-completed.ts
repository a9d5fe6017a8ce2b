// A read.completed webhook applied to a kept company: the reading it stands for until the company is read again.
import type { CompanyRecord, CompanyReading } from './fleet-row.ts'

/** What a read.completed event says: each type's read and how it ended. */
export interface ReadCompleted {
  /** The company's name in the event, when it sent one. */
  name?: string | undefined
  dataTypes: readonly { dataType: string; status?: string | undefined }[]
}

/**
 * The kept company with the event's statuses: a Complete read is the type's last success, at
 * `at` (when the event was generated). A type the company did not have yet is added.
 */
export function readingAfterReadCompleted(
  stored: CompanyRecord,
  event: ReadCompleted,
  at: string,
): CompanyReading {
  const updates = new Map(event.dataTypes.map((type) => [type.dataType, type.status]))
  const lastSuccess = (status: string, before: string | null) =>
    status === 'Complete' ? at : before
  const dataTypes = stored.dataTypes.map(
    ({ dataType, status, lastSuccessfulSync, latestSyncId }) => {
      const update = updates.get(dataType)
      updates.delete(dataType)
      return update === undefined
        ? { dataType, status, lastSuccessfulSync, latestSyncId }
        : {
            dataType,
            status: update,
            lastSuccessfulSync: lastSuccess(update, lastSuccessfulSync),
            latestSyncId,
          }
    },
  )
  for (const [dataType, status] of updates)
    if (status !== undefined)
      dataTypes.push({
        dataType,
        status,
        lastSuccessfulSync: lastSuccess(status, null),
        latestSyncId: null,
      })
  return {
    id: stored.id,
    name: event.name ?? stored.name,
    connections: stored.connections,
    dataTypes,
  }
}
