import { describe, expect, it } from 'vitest'
import { parsePausedUntil } from './paused-until.ts'

describe('parsePausedUntil', () => {
  it('reads zone-less and offset timestamps the way Codat dates are read', () => {
    expect(parsePausedUntil('Paused until 2022-10-23T01:00:00+01:00')?.epochMs).toBe(
      Date.UTC(2022, 9, 23),
    )
    expect(parsePausedUntil('Paused until 2022-10-23T00:00:00')?.zone).toBe('unspecified')
    expect(parsePausedUntil(null)).toBeUndefined()
  })
})
