// uPlot options for the two company charts: stacked daily outcomes, durations per data type.
import uPlot from 'uplot'
import type { DailyOutcomes, TypeDurations } from '../../lib/history-charts.ts'
import { CHART_HEIGHT, type ChartColors } from './uplot-chart.tsx'

const dayLabel = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
})
const FONT = '12px system-ui, sans-serif'
const DAY = 86_400_000

function axis(colors: ChartColors, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: colors.muted,
    font: FONT,
    labelFont: FONT,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    ...extra,
  }
}

function bars(fill: string, size: [number, number]): uPlot.Series {
  return {
    fill,
    stroke: fill,
    width: 0,
    paths: uPlot.paths.bars?.({ size, gap: 1 }),
    points: { show: false },
  }
}

/** Series drawn back to front as running totals, so each colour shows its own share. */
export function stackedDaily(outcomes: DailyOutcomes): uPlot.AlignedData {
  const { days, succeeded, failed, other } = outcomes
  const okAndFailed = succeeded.map((value, i) => value + (failed[i] ?? 0))
  const all = okAndFailed.map((value, i) => value + (other[i] ?? 0))
  return [days, all, okAndFailed, succeeded]
}

export function dailyOptions(width: number, colors: ChartColors): uPlot.Options {
  return {
    width,
    height: CHART_HEIGHT,
    ms: 1,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      // Half a day either side, so the first and last day's bars are whole, not cut at the edges.
      x: { time: true, range: (_u, min, max) => [min - DAY / 2, max + DAY / 2] },
      y: { range: (_u, _min, max) => [0, Math.max(4, max)] },
    },
    axes: [
      axis(colors, {
        // Whole days only, so no day is labelled twice.
        incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY],
        space: 44,
        values: (_u, splits) => splits.map((ms) => dayLabel.format(ms)),
        grid: { show: false },
      }),
      axis(colors, { label: 'Pull operations', size: 56 }),
    ],
    series: [
      {},
      { label: 'Other', ...bars(colors.neutral, [0.7, 48]) },
      { label: 'Failed', ...bars(colors.err, [0.7, 48]) },
      { label: 'Succeeded', ...bars(colors.ok, [0.7, 48]) },
    ],
  }
}

export function durationData(rows: readonly TypeDurations[]): uPlot.AlignedData {
  return [
    rows.map((_row, i) => i),
    rows.map((row) => row.p95Ms / 60_000),
    rows.map((row) => row.medianMs / 60_000),
  ]
}

/** Room under the plot for slanted names this long: about 6 px a character, at 45°, plus ticks. */
export function slantedLabelsSize(names: readonly string[]): number {
  const longest = Math.max(4, ...names.map((name) => name.length))
  return Math.ceil(longest * 6.2 * Math.SQRT1_2) + 18
}

/** Every how many bars a name fits, for a chart this wide. */
export function labelStep(width: number, bars: number): number {
  // The plot is the chart less the y axis and the room kept right of the last name.
  const perBar = Math.max(1, width - 150) / Math.max(1, bars)
  return Math.max(1, Math.ceil(24 / perBar))
}

export function durationOptions(rows: readonly TypeDurations[]) {
  const labelsSize = slantedLabelsSize(rows.map((row) => row.dataType))
  return (width: number, colors: ChartColors): uPlot.Options => ({
    width,
    // The plot keeps the daily chart's height; the names get only the room they need below it.
    height: CHART_HEIGHT + labelsSize - 30,
    // Room on the right for the last, slanted data-type name.
    padding: [12, Math.min(96, labelsSize - 20), 0, 8],
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.5, Math.max(0.5, rows.length - 0.5)] },
      // A little headroom, so the tallest bar does not touch the top edge.
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [
      axis(colors, {
        // Slanted names need about 24 px apart; on a narrow chart every few bars gets one (the
        // table under the chart names them all).
        splits: () =>
          rows.map((_row, i) => i).filter((i) => i % labelStep(width, rows.length) === 0),
        values: (_u, splits) => splits.map((i) => rows[i]?.dataType ?? ''),
        rotate: -45,
        size: labelsSize,
        grid: { show: false },
      }),
      axis(colors, { label: 'Minutes', size: 56 }),
    ],
    series: [
      {},
      { label: 'p95', ...bars(colors.neutral, [0.75, 40]) },
      { label: 'Median', ...bars(colors.accent, [0.4, 20]) },
    ],
  })
}
