// One uPlot canvas that follows its container's width and the page's theme, redrawn when either
// changes; the chart library is only ever loaded with this screen.
import { useEffect, useRef, useSyncExternalStore } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface ChartColors {
  text: string
  muted: string
  grid: string
  ok: string
  err: string
  neutral: string
  info: string
  accent: string
}

/** The theme's colours, read from the CSS variables the rest of the screen uses. */
function readColors(): ChartColors {
  const style = getComputedStyle(document.documentElement)
  const read = (name: string) => style.getPropertyValue(name).trim()
  return {
    text: read('--text'),
    muted: read('--muted'),
    grid: read('--border'),
    ok: read('--ok'),
    err: read('--err'),
    neutral: read('--neutral'),
    info: read('--info'),
    accent: read('--accent'),
  }
}

function subscribeTheme(onChange: () => void) {
  const observer = new MutationObserver(onChange)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => observer.disconnect()
}

const themeSnapshot = () => document.documentElement.dataset.theme ?? ''

export const CHART_HEIGHT = 260

interface UplotChartProps {
  /** The options for a chart of this width in these colours. */
  options: (width: number, colors: ChartColors) => uPlot.Options
  data: uPlot.AlignedData
  /** What the chart shows, in words, for people who cannot see it. */
  label: string
}

export function UplotChart({ options, data, label }: UplotChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const theme = useSyncExternalStore(subscribeTheme, themeSnapshot)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const initial = options(element.clientWidth, readColors())
    const chart = new uPlot(initial, data, element)
    // Each chart keeps the height its options chose (the duration chart's depends on its labels).
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: element.clientWidth, height: initial.height }),
    )
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
    }
  }, [options, data, theme])
  return <div ref={ref} className="uplot-chart" role="img" aria-label={label} />
}
