import { describe, expect, it } from 'vitest'
import { BOM, csvField, toCsv } from './csv.ts'

describe('csvField', () => {
  it('quotes every field and doubles quotes inside', () => {
    expect(csvField('plain')).toBe('"plain"')
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"')
    expect(csvField(42)).toBe('"42"')
    expect(csvField(true)).toBe('"true"')
    expect(csvField(undefined)).toBe('""')
    expect(csvField(null)).toBe('""')
  })

  it('neutralises text that would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"')
    expect(csvField('+1+2')).toBe('"\'+1+2"')
    expect(csvField('-2+3')).toBe('"\'-2+3"')
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"')
    expect(csvField('\t=1')).toBe('"\'\t=1"')
    // Only the first character matters; numbers are data, never formulas.
    expect(csvField('a=b')).toBe('"a=b"')
    expect(csvField(-5)).toBe('"-5"')
  })
})

describe('toCsv', () => {
  it('starts with a BOM, separates rows with CRLF and keeps accents as UTF-8 text', () => {
    const csv = toCsv(['name', 'note'], [['Crème Brûlée Ltd', '=1+1']])
    expect(csv.startsWith(BOM)).toBe(true)
    expect(csv).toBe(`${BOM}"name","note"\r\n"Crème Brûlée Ltd","'=1+1"\r\n`)
  })
})
