import { describe, expect, it } from 'vitest'
import { unreadParts } from './unread-search.ts'

const LABELS = { health: 'health', pageSize: 'rows per page', q: 'search' }

describe('unreadParts', () => {
  it('names each part the schema dropped, as the link said it, in the labels’ order', () => {
    expect(
      unreadParts(
        { q: 'north', pageSize: 0, health: 'failng', other: 'x' },
        { q: 'north' },
        LABELS,
      ),
    ).toEqual([
      { label: 'health', value: 'failng' },
      { label: 'rows per page', value: '0' },
    ])
  })

  it('finds nothing wrong in a link the schema kept whole, or in a blank value', () => {
    expect(unreadParts({ health: 'failing', q: '  ' }, { health: 'failing' }, LABELS)).toEqual([])
  })

  it('shortens a long value and shows one that is not text as the link wrote it', () => {
    const [long, list] = unreadParts(
      { q: 'x'.repeat(300), health: ['failing', 'stale'] },
      {},
      { q: 'search', health: 'health' },
    )
    expect(long?.value).toHaveLength(60)
    expect(long?.value.endsWith('…')).toBe(true)
    expect(list?.value).toBe('["failing","stale"]')
  })
})
