// A company's health changes as the alert rules read them: per data type, with the detail a message gives.
import type { TypeChange } from './alert-rules.ts'
import { alertDetail } from './alert-content.ts'
import { parseCodatDate } from './dates.ts'
import type { DiagnosisOperation } from './diagnosis-types.ts'
import type { CompanyRecord, HealthChange } from './fleet-row.ts'
import { servingConnections } from './serving-connections.ts'

/**
 * The fleet store's health changes of one company as the rules read them: data types only (the
 * company as a whole is its types), with the detail a message gives. `history` is a failing
 * type's recent pulls when the reading has them, for the error text and the failure count.
 */
/** The detail of a change learnt in the baseline: never told, so never worked out. */
const BASELINE_DETAIL: TypeChange['detail'] = {
  status: null,
  since: null,
  error: null,
  diagnosis: '',
  next: { kind: 'none', text: '' },
  relinkUrl: null,
}

export function typeChangesOf(
  record: CompanyRecord,
  changes: readonly HealthChange[],
  {
    nowMs,
    staleHours,
    history = new Map(),
    isBaseline = false,
  }: {
    nowMs: number
    staleHours: number
    history?: ReadonlyMap<string, readonly DiagnosisOperation[]>
    /**
     * Before the first full scan ends the rules only learn each type's health (nothing is told
     * of it one by one): the diagnosis, the costly part, is left out.
     */
    isBaseline?: boolean
  },
): TypeChange[] {
  const connections = record.connections.map((connection) => ({
    id: connection.id,
    platformName: connection.platformName,
    status: connection.status,
    linkUrl: '',
    ...(connection.sourceType !== null && { sourceType: connection.sourceType }),
  }))
  return changes.flatMap((change) => {
    if (change.companyId !== record.id || change.dataType === null) return []
    const type = record.dataTypes.find((candidate) => candidate.dataType === change.dataType)
    if (!type) return []
    const operations = history.get(type.dataType)
    const lastSuccess = type.lastSuccessfulSync
      ? parseCodatDate(type.lastSuccessfulSync)
      : undefined
    const serving = servingConnections(
      type.dataType,
      connections,
      (operations ?? []).map((operation) => operation.connectionId),
    )
    return [
      {
        companyId: record.id,
        companyName: record.name,
        dataType: type.dataType,
        health: change.health,
        previousHealth: change.previousHealth,
        platform: serving[0]?.platformName ?? null,
        detail: isBaseline
          ? BASELINE_DETAIL
          : alertDetail(
              {
                dataType: type.dataType,
                status: {
                  dataType: type.dataType,
                  currentStatus: type.status,
                  ...(lastSuccess && { lastSuccessfulSync: lastSuccess }),
                  ...(type.latestSyncId !== null && { latestSyncId: type.latestSyncId }),
                },
                connections,
                history: operations,
              },
              { nowMs, staleHours, since: type.since, storedError: type.lastError },
            ),
      },
    ]
  })
}
