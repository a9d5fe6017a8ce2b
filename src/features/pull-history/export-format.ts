// Pull operations as a CSV file Excel opens correctly, or as JSON with what was exported.
import type { PullOperation } from '../../api/schemas.ts'
import { toCsv, type CsvValue } from '../../lib/csv.ts'

const COLUMNS = [
  'id',
  'companyId',
  'connectionId',
  'dataType',
  'status',
  'statusDescription',
  'errorMessage',
  'requested',
  'requestedUtc',
  'completed',
  'completedUtc',
  'durationMs',
  'progress',
  'isCompleted',
  'isErrored',
] as const

/** Codat's times as sent, then as UTC instants; zone-less ones have no UTC instant to give. */
function utc(date: PullOperation['requested'] | undefined): string {
  if (!date || date.zone === 'unspecified') return ''
  return new Date(date.epochMs).toISOString()
}

export function operationsToCsv(operations: readonly PullOperation[]): string {
  return toCsv(
    COLUMNS,
    operations.map((op): CsvValue[] => [
      op.id,
      op.companyId,
      op.connectionId,
      op.dataType,
      op.status,
      op.statusDescription,
      op.errorMessage,
      op.requested.raw,
      utc(op.requested),
      op.completed?.raw,
      utc(op.completed),
      op.completed ? op.completed.epochMs - op.requested.epochMs : undefined,
      op.progress,
      op.isCompleted,
      op.isErrored,
    ]),
  )
}

export interface JsonExportMeta {
  companyId: string
  query?: string
  orderBy?: string
  exportedAt: string
  totalResults: number
  isTruncated: boolean
}

/** Operations with Codat's fields as sent (times as Codat wrote them). */
export function operationsToJson(operations: readonly PullOperation[], meta: JsonExportMeta) {
  const results = operations.map((op) => ({
    ...op,
    requested: op.requested.raw,
    ...(op.completed && { completed: op.completed.raw }),
  }))
  return `${JSON.stringify({ ...meta, count: results.length, results }, null, 2)}\n`
}
