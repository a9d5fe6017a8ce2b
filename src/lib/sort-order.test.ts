import { describe, expect, it } from 'vitest'
import { readSortOrder, sortOrderText } from './sort-order.ts'

describe('sort order text', () => {
  it('reads a leading dash as descending and nothing else', () => {
    expect(readSortOrder('-requested')).toEqual({ id: 'requested', desc: true })
    expect(readSortOrder('name')).toEqual({ id: 'name', desc: false })
    expect(readSortOrder('--name')).toEqual({ id: '-name', desc: true })
  })

  it('writes what it reads', () => {
    for (const text of ['readAt', '-readAt']) expect(sortOrderText(readSortOrder(text))).toBe(text)
  })
})
