import { describe, expect, it } from 'vitest'
import { companyIdFrom } from './company-reference.ts'

const ID = '446e3388-0a1b-452e-8ac6-62e69181297f'

describe('companyIdFrom', () => {
  it('reads a bare ID, with spaces or in capitals', () => {
    expect(companyIdFrom(` ${ID.toUpperCase()} `)).toBe(ID)
  })

  it('reads the ID from a Codat Portal link or a console link', () => {
    expect(companyIdFrom(`https://app.codat.io/companies/${ID}/summary`)).toBe(ID)
    expect(companyIdFrom(`https://app.codat.io/companies/${ID}`)).toBe(ID)
    expect(companyIdFrom(`http://localhost:5173/#/companies/${ID}?tab=history`)).toBe(ID)
    expect(companyIdFrom(`https://ops.example.com/companies/${ID}/operations/x`)).toBe(ID)
  })

  it('finds nothing in names, partial IDs or links to other things', () => {
    expect(companyIdFrom('Pemberton Bakery')).toBeUndefined()
    expect(companyIdFrom(ID.slice(0, 20))).toBeUndefined()
    expect(companyIdFrom(`https://app.codat.io/settings/${ID}`)).toBeUndefined()
    expect(companyIdFrom(`https://app.codat.io/companies/${ID}x`)).toBeUndefined()
    expect(companyIdFrom('https://')).toBeUndefined()
  })
})
