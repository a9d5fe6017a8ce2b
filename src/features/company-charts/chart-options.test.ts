import { describe, expect, it, vi } from 'vitest'

// uPlot reads the display's pixel ratio through matchMedia when it loads; jsdom has none.
vi.hoisted(() => {
  if (typeof window.matchMedia === 'function') return
  window.matchMedia = (() => ({
    matches: false,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
  })) as unknown as typeof window.matchMedia
})
import { dailyOptions, labelStep, slantedLabelsSize } from './chart-options.ts'

const colors = { ok: 'g', err: 'r', neutral: 'n', accent: 'a', muted: 'm', grid: 'l', text: 't' }
const DAY = 86_400_000

describe('chart options', () => {
  it('give the daily chart half a day either side, so the edge days’ bars are whole', () => {
    const options = dailyOptions(800, colors as never)
    const range = options.scales?.x?.range as unknown as (
      u: unknown,
      min: number,
      max: number,
    ) => number[]
    expect(range(undefined, 10 * DAY, 16 * DAY)).toEqual([9.5 * DAY, 16.5 * DAY])
  })

  it('leave slanted names only the room the longest needs', () => {
    expect(slantedLabelsSize(['bills'])).toBeLessThan(50)
    expect(slantedLabelsSize(['accountTransactions'])).toBeLessThan(110)
  })

  it('name every bar on a wide chart and every few on a phone', () => {
    expect(labelStep(1100, 25)).toBe(1)
    expect(labelStep(350, 25)).toBeGreaterThan(1)
  })
})
