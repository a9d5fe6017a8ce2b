import { describe, expect, it } from 'vitest'
import { readKeyPress, SEQUENCE_MS, SHORTCUTS, type KeyPress } from './shortcut-keys.ts'

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isTyping: false,
  timeMs: 10_000,
  ...extra,
})

describe('readKeyPress', () => {
  it.each([
    ['/', 'focus-search'],
    ['r', 'reload'],
    ['j', 'next-operation'],
    ['k', 'previous-operation'],
    ['?', 'help'],
  ])('%s alone → %s', (key, action) => {
    expect(readKeyPress(press(key), undefined)).toEqual({ action })
  })

  it('allows Shift, which "?" needs, but not another letter case', () => {
    expect(readKeyPress(press('?'), undefined).action).toBe('help')
    expect(readKeyPress(press('R'), undefined)).toEqual({})
  })

  it.each(['ctrlKey', 'metaKey', 'altKey'] as const)('ignores any key held with %s', (modifier) => {
    for (const key of ['/', 'r', 'j', 'k', '?', 'g']) {
      expect(readKeyPress(press(key, { [modifier]: true }), undefined)).toEqual({})
    }
  })

  it('ignores every key while typing in a field', () => {
    for (const key of ['/', 'r', 'g', 'h', 's', 'j', 'k', '?']) {
      expect(readKeyPress(press(key, { isTyping: true }), undefined)).toEqual({})
    }
    const g = { key: 'g', timeMs: 9_900 }
    expect(readKeyPress(press('h', { isTyping: true }), g)).toEqual({})
  })

  it('reads "g" then "h" or "s" as a sequence', () => {
    const first = readKeyPress(press('g', { timeMs: 1_000 }), undefined)
    expect(first).toEqual({ pending: { key: 'g', timeMs: 1_000 } })
    expect(readKeyPress(press('h', { timeMs: 1_400 }), first.pending).action).toBe('go-history')
    expect(readKeyPress(press('s', { timeMs: 1_400 }), first.pending).action).toBe('go-status')
  })

  it('forgets a "g" left too long, and "h" or "s" alone do nothing', () => {
    const g = { key: 'g', timeMs: 1_000 }
    expect(readKeyPress(press('h', { timeMs: 1_000 + SEQUENCE_MS + 1 }), g)).toEqual({})
    expect(readKeyPress(press('h'), undefined)).toEqual({})
    expect(readKeyPress(press('s'), undefined)).toEqual({})
  })

  it('lets a single-key shortcut after "g" act as itself', () => {
    expect(readKeyPress(press('r'), { key: 'g', timeMs: 9_999 })).toEqual({ action: 'reload' })
    // "g g" starts the sequence again rather than doing nothing.
    expect(readKeyPress(press('g'), { key: 'g', timeMs: 9_999 })).toEqual({
      pending: { key: 'g', timeMs: 10_000 },
    })
  })

  it('ignores keys that are no shortcut', () => {
    for (const key of ['a', 'Enter', 'Escape', ' ', 'ArrowDown', 'F5']) {
      expect(readKeyPress(press(key), undefined)).toEqual({})
    }
  })

  it('lists each action once, with its keys and words', () => {
    const actions = SHORTCUTS.map((s) => s.action)
    expect(new Set(actions).size).toBe(actions.length)
    for (const shortcut of SHORTCUTS) expect(shortcut.description).not.toBe('')
  })
})
