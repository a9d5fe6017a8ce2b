import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useNow } from './use-now.ts'

const START = Date.UTC(2026, 10, 20, 9, 30, 0)

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(START)
})
afterEach(() => vi.useRealTimers())

describe('useNow', () => {
  it('moves on once per interval', () => {
    const { result } = renderHook(() => useNow(1000))
    expect(result.current).toBe(START)
    act(() => {
      vi.advanceTimersByTime(999)
    })
    expect(result.current).toBe(START)
    act(() => {
      vi.advanceTimersByTime(1)
    })
    expect(result.current).toBe(START + 1000)
  })

  it('stands still while switched off, and reads the time at once when switched on', () => {
    const { result, rerender } = renderHook(({ interval }) => useNow(interval), {
      initialProps: { interval: false as number | false },
    })
    act(() => {
      vi.advanceTimersByTime(60_000)
    })
    expect(result.current).toBe(START)
    rerender({ interval: 1000 })
    act(() => {
      vi.advanceTimersByTime(0)
    })
    expect(result.current).toBe(START + 60_000)
  })
})
