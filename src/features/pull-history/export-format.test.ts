import { describe, expect, it } from 'vitest'
import { pullOperationSchema } from '../../api/schemas.ts'
import { BOM } from '../../lib/csv.ts'
import { operationsToCsv, operationsToJson } from './export-format.ts'

const operation = pullOperationSchema.parse({
  id: '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b',
  companyId: '5527eb54-3380-4090-be22-25af95909825',
  connectionId: '46e371c8-df79-40e7-b989-e26c044a9911',
  dataType: 'bills',
  status: 'FetchError',
  errorMessage: '=cmd|"/c calc"!A1, said "the platform"',
  requested: '2026-11-28T21:05:03.1234567Z',
  completed: '2026-11-28T21:09:15',
  progress: 43,
  isCompleted: false,
  isErrored: true,
})

describe('operationsToCsv', () => {
  it('writes one quoted row per operation, times as sent and as UTC, formulas neutralised', () => {
    const csv = operationsToCsv([operation])
    expect(csv.startsWith(`${BOM}"id","companyId","connectionId","dataType","status"`)).toBe(true)
    const row = csv.split('\r\n')[1]
    expect(row).toContain(`"'=cmd|""/c calc""!A1, said ""the platform"""`)
    expect(row).toContain('"2026-11-28T21:05:03.1234567Z","2026-11-28T21:05:03.123Z"')
    // A zone-less completion has no UTC instant to give.
    expect(row).toContain('"2026-11-28T21:09:15",""')
    expect(row).toContain('"43","false","true"')
  })
})

describe('operationsToJson', () => {
  it('keeps Codat’s fields as sent, with what was exported', () => {
    const json = JSON.parse(
      operationsToJson([operation], {
        companyId: operation.companyId,
        query: 'dataType=bills',
        exportedAt: '2026-11-29T00:00:00.000Z',
        totalResults: 1,
        isTruncated: false,
      }),
    ) as { results: unknown[] }
    expect(json).toMatchObject({ count: 1, query: 'dataType=bills', isTruncated: false })
    expect(json.results[0]).toMatchObject({
      requested: '2026-11-28T21:05:03.1234567Z',
      completed: '2026-11-28T21:09:15',
      errorMessage: operation.errorMessage,
    })
  })
})
