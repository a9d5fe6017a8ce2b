// A chart keeps the height its own options chose when its container is resized.
import { act, render, screen } from '@testing-library/react'
import type uPlot from 'uplot'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { durationOptions } from './chart-options.ts'
import { CHART_HEIGHT, UplotChart } from './uplot-chart.tsx'

// jsdom has no canvas for uPlot to draw on: a stand-in records the sizes the chart is given.
const drawn = vi.hoisted(() => ({
  created: [] as { width: number; height: number }[],
  resized: [] as { width: number; height: number }[],
}))
vi.mock('uplot', () => ({
  default: class {
    // The options ask for bar paths; drawing none is enough here.
    static paths = {}
    constructor(options: uPlot.Options) {
      drawn.created.push({ width: options.width, height: options.height })
    }
    setSize(size: { width: number; height: number }) {
      drawn.resized.push(size)
    }
    destroy() {}
  },
}))

// jsdom has no layout either: the test says when the container changes size.
let resizeContainer = () => {}
class FakeResizeObserver {
  constructor(callback: () => void) {
    resizeContainer = callback
  }
  observe() {}
  disconnect() {}
}

afterEach(() => {
  drawn.created.length = 0
  drawn.resized.length = 0
  vi.unstubAllGlobals()
})

describe('UplotChart', () => {
  it('keeps the duration chart as tall as its options after the window is resized', () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver)
    const options = durationOptions([
      { dataType: 'accountTransactions', count: 4, medianMs: 60_000, p95Ms: 120_000 },
      { dataType: 'invoices', count: 9, medianMs: 30_000, p95Ms: 90_000 },
    ])
    render(
      <UplotChart
        options={options}
        data={[
          [0, 1],
          [2, 1],
          [1, 0.5],
        ]}
        label="Durations"
      />,
    )
    expect(screen.getByRole('img', { name: 'Durations' })).toBeInTheDocument()
    const [created] = drawn.created
    // The slanted names make this chart taller than the daily one.
    expect(created?.height).toBeGreaterThan(CHART_HEIGHT)

    act(() => resizeContainer())
    expect(drawn.resized.at(-1)?.height).toBe(created?.height)
  })
})
