import { describe, expect, it } from 'vitest'
import { EXAMPLE_UUID, isUuid, UUID_SOURCE } from './uuid.ts'

describe('isUuid', () => {
  it('accepts a UUID in either case', () => {
    expect(isUuid(EXAMPLE_UUID)).toBe(true)
    expect(isUuid(EXAMPLE_UUID.toUpperCase())).toBe(true)
  })

  it('rejects anything around it, a missing digit, a foreign character or misplaced dashes', () => {
    for (const value of [
      ` ${EXAMPLE_UUID}`,
      `${EXAMPLE_UUID}/`,
      EXAMPLE_UUID.slice(1),
      EXAMPLE_UUID.replace('a', 'g'),
      EXAMPLE_UUID.replace(/-/g, ''),
      '8a210b6-86988-11ed-a1eb-0242ac120002',
      '',
    ]) {
      expect(isUuid(value), value).toBe(false)
    }
  })

  it('builds larger patterns', () => {
    const inPath = new RegExp(`/companies/(${UUID_SOURCE})`, 'i')
    expect(inPath.exec(`/companies/${EXAMPLE_UUID}/x`)?.[1]).toBe(EXAMPLE_UUID)
  })
})
