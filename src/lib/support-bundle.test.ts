import { describe, expect, it } from 'vitest'
import { parseCodatDate, type CodatDate } from './dates.ts'
import { diagnose } from './diagnosis.ts'
import { companyBundle, dataTypeBundle } from './support-bundle.ts'
import type { TicketOperation } from './ticket-text.ts'

const date = (raw: string): CodatDate => parseCodatDate(raw)!
const NOW = Date.UTC(2026, 10, 28, 12)
const COMPANY = { id: '5527eb54-3380-4090-be22-25af95909825', name: 'Northwind | Plumbing' }
const XERO = {
  id: '46e371c8-df79-40e7-b989-e26c044a9911',
  platformName: 'Xero',
  status: 'Linked',
  linkUrl: 'https://link.example/x',
  sourceType: 'Accounting',
}

function op(n: number, status: string, requested: string, errorMessage?: string): TicketOperation {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    companyId: COMPANY.id,
    connectionId: XERO.id,
    dataType: 'invoices',
    status,
    errorMessage,
    requested: date(requested),
    completed: date(requested.replace('T02:00', 'T02:03')),
    progress: 100,
    isCompleted: status === 'Complete',
    isErrored: status !== 'Complete',
  }
}

const operations = [
  op(1, 'FetchError', '2026-11-28T02:00:00Z', 'Xero said:\n500 | Internal'),
  op(2, 'FetchError', '2026-11-27T02:00:00Z', 'Xero said:\n500 | Internal'),
  op(3, 'Complete', '2026-11-26T02:00:00Z'),
  op(4, 'Complete', '2026-11-25T02:00:00Z'),
  op(5, 'Complete', '2026-11-24T02:00:00Z'),
  op(6, 'Complete', '2026-11-23T02:00:00Z'),
]
const status = {
  dataType: 'invoices',
  currentStatus: 'FetchError',
  lastSuccessfulSync: date('2026-11-26T02:03:00Z'),
  latestSyncId: operations[0]?.id,
  latestSuccessfulSyncId: operations[2]?.id,
}
const context = {
  company: COMPANY,
  connections: [XERO, { ...XERO, id: 'c2', platformName: 'Shopify', status: 'PendingAuth' }],
  url: 'https://console.example/#/companies/x?why=invoices',
  readAt: date('2026-11-28T12:00:00Z'),
  viewerTimeZone: 'Europe/Berlin',
}

describe('dataTypeBundle', () => {
  const diagnosis = diagnose(
    { dataType: 'invoices', status, connections: [XERO], history: operations },
    { nowMs: NOW, timeZone: 'UTC' },
  )
  const text = dataTypeBundle({ ...context, status, diagnosis, operations })

  it('names the company, the type, its IDs and the Link URL of a connection to relink', () => {
    expect(text).toMatch(/^## Codat data type invoices: Northwind \| Plumbing\n/)
    expect(text).toContain(`- Company: Northwind | Plumbing (\`${COMPANY.id}\`)`)
    expect(text).toContain('  - Shopify (`c2`), PendingAuth, Link URL: https://link.example/x')
    expect(text).toContain(`- Latest pull operation ID: \`${operations[0]?.id}\``)
    expect(text).toContain('- Status: FetchError')
  })

  it('gives times in UTC, as sent, and in the viewer’s zone', () => {
    expect(text).toContain(
      '- Last successful sync: 26 Nov 2026, 02:03:00 UTC (as sent: 2026-11-26T02:03:00Z); Europe/Berlin: 26 Nov 2026, 03:03:00 CET',
    )
  })

  it('carries the diagnosis and the last five operations, error text kept in one cell', () => {
    expect(text).toContain(
      '**Failing: FetchError, 2 failures in a row since 27 Nov 2026, 02:00 UTC.**',
    )
    expect(text).toContain('The same error each time: Xero said:\n500 | Internal')
    const rows = text.split('\n').filter((line) => line.startsWith('| 2'))
    expect(rows).toHaveLength(5)
    expect(rows[0]).toBe(
      `| 28 Nov 2026, 02:00:00 UTC | 28 Nov 2026, 03:00:00 CET | FetchError | 3 min | \`${operations[0]?.id}\` | \`${XERO.id}\` | Xero said: 500 \\| Internal |`,
    )
  })

  it('ends with the latest operation’s own ticket text and the console link', () => {
    expect(text).toContain('```text\nCodat pull operation: invoices, FetchError')
    expect(text.split('\n').at(-1)).toBe(`Console: ${context.url}`)
  })

  it('says when the history could not be read', () => {
    const without = dataTypeBundle({ ...context, status, diagnosis, operations: undefined })
    expect(without).toContain('(The history could not be read.)')
  })
})

describe('companyBundle', () => {
  it('lists every data type with both zones and its diagnosis, then the latest pulls', () => {
    const zoneless = {
      dataType: 'bills',
      currentStatus: 'Complete',
      lastSuccessfulSync: date('2026-11-28T07:00:00'),
    }
    const statuses = [status, zoneless, { dataType: 'items' }]
    const diagnoses = new Map(
      statuses.map((s) => [
        s.dataType,
        diagnose(
          { dataType: s.dataType, status: s, connections: [XERO], history: undefined },
          { nowMs: NOW, timeZone: 'UTC' },
        ),
      ]),
    )
    const text = companyBundle({ ...context, statuses, diagnoses, operations })
    expect(text).toMatch(/^## Codat company: Northwind \| Plumbing\n/)
    expect(text).toContain(
      '| `invoices` | FetchError | 26 Nov 2026, 02:03:00 UTC | 26 Nov 2026, 03:03:00 CET | The latest pull failed with FetchError. |',
    )
    expect(text).toContain(
      '| `bills` | Complete | 28 Nov 2026, 07:00:00 (no zone given, shown as UTC) | no zone given |',
    )
    expect(text).toContain('| `items` | never synced | never | never | items has never synced. |')
    expect(text).toContain('| Requested (UTC) | Requested (Europe/Berlin) | Data type | Status |')
    expect(text.split('\n').at(-1)).toBe(`Console: ${context.url}`)
  })
})
