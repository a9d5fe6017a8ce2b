import { describe, expect, it } from 'vitest'
import { pullOperationSchema } from '../api/schemas.ts'
import { NO_ZONE_MARKER } from './dates.ts'
import { ticketText } from './ticket-text.ts'

const operation = pullOperationSchema.parse({
  id: '97d60846-f07a-4d42-b5a0-0bdcc6ebf56b',
  companyId: '5527eb54-3380-4090-be22-25af95909825',
  connectionId: '46e371c8-df79-40e7-b989-e26c044a9911',
  dataType: 'bills',
  status: 'FetchError',
  errorMessage: 'QuickBooks Online returned 502 Bad Gateway;\nthe request can be retried.',
  requested: '2026-11-28T21:05:03.1234567Z',
  completed: '2026-11-28T21:09:15',
  progress: 43,
  isCompleted: false,
  isErrored: true,
})

describe('ticketText', () => {
  const text = ticketText({
    operation,
    companyName: 'Northwind Plumbing & Heating',
    connectionLabel: '(QuickBooks Online, Linked)',
    url: 'https://console.example/#/companies/x/operations/y',
  })

  it('names the company, the operation and its status', () => {
    expect(text).toContain(
      'Company: Northwind Plumbing & Heating (5527eb54-3380-4090-be22-25af95909825)',
    )
    expect(text).toContain('Pull operation (dataset) ID: 97d60846-f07a-4d42-b5a0-0bdcc6ebf56b')
    expect(text).toContain(
      'Connection ID: 46e371c8-df79-40e7-b989-e26c044a9911 (QuickBooks Online, Linked)',
    )
    expect(text).toContain('Status: FetchError')
    expect(text).toContain('Completed: no; errored: yes; progress: 43')
  })

  it('gives times in UTC with what Codat sent, and flags a time sent without a zone', () => {
    expect(text).toContain(
      'Requested (UTC): 28 Nov 2026, 21:05:03 UTC (as sent: 2026-11-28T21:05:03.1234567Z)',
    )
    expect(text).toContain(`Completed (UTC): 28 Nov 2026, 21:09:15 ${NO_ZONE_MARKER}`)
    expect(text).toContain('Duration: 4 min 11 s')
  })

  it('keeps the whole error message and ends with the console address', () => {
    expect(text).toContain(
      'Error message:\nQuickBooks Online returned 502 Bad Gateway;\nthe request can be retried.',
    )
    expect(text.split('\n').at(-1)).toBe(
      'Console: https://console.example/#/companies/x/operations/y',
    )
  })
})
