import { describe, expect, it } from 'vitest'
import { describeRefusedPulls, listInWords, refusedPulls } from './refused-pulls.ts'

const xero = { id: 'x', status: 'Linked', platformName: 'Xero', sourceType: 'Accounting' }
const square = { id: 's', status: 'Linked', platformName: 'Square', sourceType: 'Commerce' }

describe('refusedPulls', () => {
  it('gives each Linked connection the refused types of its kind', () => {
    const found = refusedPulls(
      [
        { dataType: 'suppliers', currentStatus: 'AuthError' },
        { dataType: 'bills', currentStatus: 'AuthError' },
        { dataType: 'customers', currentStatus: 'AuthError' },
        { dataType: 'invoices', currentStatus: 'Complete' },
        { dataType: 'commerce-orders', currentStatus: 'FetchError' },
      ],
      [xero, square],
    )
    expect(found).toEqual([
      { connection: xero, dataTypes: ['bills', 'customers', 'suppliers'], statuses: ['AuthError'] },
    ])
    expect(describeRefusedPulls(found[0]!)).toBe(
      'Linked, but Codat’s last pulls of bills, customers and suppliers failed with AuthError: relink Xero',
    )
  })

  it('leaves out connections that already say they need a relink, and fine companies', () => {
    const lost = { ...xero, status: 'Deauthorized' }
    expect(refusedPulls([{ dataType: 'bills', currentStatus: 'AuthError' }], [lost])).toEqual([])
    expect(refusedPulls([{ dataType: 'bills', currentStatus: 'Complete' }], [xero])).toEqual([])
  })

  it('gives a type no kind claims to the only Linked connection', () => {
    const found = refusedPulls([{ dataType: 'custom-thing', currentStatus: 'AuthError' }], [square])
    expect(found.map((f) => f.connection)).toEqual([square])
    expect(describeRefusedPulls(found[0]!)).toBe(
      'Linked, but Codat’s last pull of custom-thing failed with AuthError: relink Square',
    )
  })
})

describe('listInWords', () => {
  it('joins with commas and a last "and"', () => {
    expect(listInWords([])).toBe('')
    expect(listInWords(['a'])).toBe('a')
    expect(listInWords(['a', 'b'])).toBe('a and b')
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c')
  })
})
