import { describe, expect, it } from 'vitest'
import { foldText, nameMatches, nameSearch, searchWords, sendablePart } from './name-search.ts'

describe('name search', () => {
  it('matches every word in any order, ignoring case and accents', () => {
    const words = searchWords('Plumbing  NORTH wind')
    expect(words).toEqual(['plumbing', 'north', 'wind'])
    expect(nameMatches('Northwind Plumbing & Heating', words)).toBe(true)
    expect(nameMatches('Northwind Heating', words)).toBe(false)
    expect(nameMatches('Zoë’s Café', searchWords('cafe ZOE'))).toBe(true)
    expect(foldText('Crème Brûlée')).toBe('creme brulee')
  })

  it('asks Codat for every word when it can say them all', () => {
    expect(nameSearch('north wind')).toEqual({
      words: ['north', 'wind'],
      query: 'name~north&&name~wind',
      isExact: true,
    })
    expect(nameSearch('BAKERY').query).toBe('name~BAKERY')
  })

  it('sends the part of a word Codat can take and narrows the rest here', () => {
    expect(sendablePart('café')).toBe('caf')
    expect(sendablePart('a=b')).toBe('a')
    expect(sendablePart('&')).toBe('')
    expect(nameSearch('juniper & sage')).toEqual({
      words: ['juniper', '&', 'sage'],
      query: 'name~juniper&&name~sage',
      isExact: false,
    })
    expect(nameSearch('nörthwind')).toMatchObject({ query: 'name~rthwind', isExact: false })
    expect(nameSearch('&&')).toMatchObject({ query: undefined, isExact: false })
  })
})
