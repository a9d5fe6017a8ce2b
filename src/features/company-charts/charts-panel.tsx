// The Charts tab: a company's pulls per day by outcome over 7 or 30 days, and how long each data
// type takes (median and p95), each with the same numbers as a table behind a toggle.
import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { refreshQueries } from '../../api/refresh-data.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { formatDuration } from '../../lib/dates.ts'
import { dailyOutcomes, durationsByType, firstDay } from '../../lib/history-charts.ts'
import { dailyOptions, durationData, durationOptions, stackedDaily } from './chart-options.ts'
import { UplotChart } from './uplot-chart.tsx'
import './charts.css'

/** One request: Codat's largest page. More than this in the range is said, not hidden. */
const MAX_OPERATIONS = 5000
const RANGES = [7, 30] as const
const dayLabel = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
})

export function ChartsPanel({ companyId }: { companyId: string }) {
  const [days, setDays] = useState<(typeof RANGES)[number]>(7)
  // The range starts at a UTC midnight, so the request (and its cache key) holds all day.
  const [since] = useState(() => firstDay(30, Date.now()))
  const fromDay = new Date(since + (30 - days) * 86_400_000).toISOString().slice(0, 10)
  const history = useQuery(
    refreshQueries.history(companyId, {
      page: 1,
      pageSize: MAX_OPERATIONS,
      orderBy: '-requested',
      query: `requested>=${fromDay}`,
    }),
  )
  const operations = history.data?.results
  const nowMs = history.dataUpdatedAt
  const daily = useMemo(
    () => (operations ? dailyOutcomes(operations, days, nowMs) : undefined),
    [operations, days, nowMs],
  )
  const durations = useMemo(() => (operations ? durationsByType(operations) : []), [operations])
  const dailyData = useMemo(() => (daily ? stackedDaily(daily) : undefined), [daily])
  const durationPlot = useMemo(
    () => ({ data: durationData(durations), options: durationOptions(durations) }),
    [durations],
  )
  const sum = (values: number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0)

  return (
    <section className="panel charts-panel" aria-labelledby="charts-title">
      <div className="panel-head">
        <h2 id="charts-title" className="grow">
          Charts
        </h2>
        <div className="row" role="group" aria-label="Range">
          {RANGES.map((range) => (
            <button
              key={range}
              type="button"
              className="small"
              aria-pressed={days === range}
              onClick={() => setDays(range)}
            >
              Last {range} days
            </button>
          ))}
        </div>
      </div>
      {history.isPending ? (
        <p className="skeleton">Reading the last {days} days of pull operations…</p>
      ) : history.isError && !history.data ? (
        <ErrorPanel
          error={history.error}
          what="the pull operations to chart"
          onRetry={() => void history.refetch()}
          isRetrying={history.isFetching}
        />
      ) : (
        <>
          {history.data.totalResults > MAX_OPERATIONS && (
            <p className="callout" data-tone="info">
              Based on the latest {MAX_OPERATIONS.toLocaleString('en-GB')} of{' '}
              {history.data.totalResults.toLocaleString('en-GB')} pull operations in this range.
            </p>
          )}
          <figure className="chart">
            <figcaption>
              <h3>Pull operations per day (UTC), by outcome</h3>
              <ul className="chart-legend" aria-label="Legend">
                <li data-tone="ok">Succeeded</li>
                <li data-tone="error">Failed</li>
                <li data-tone="neutral">Other (running, cancelled, not supported)</li>
              </ul>
            </figcaption>
            {daily && dailyData && (
              <>
                <UplotChart
                  options={dailyOptions}
                  data={dailyData}
                  label={`Pull operations per day over the last ${days} days: ${sum(daily.succeeded)} succeeded, ${sum(daily.failed)} failed, ${sum(daily.other)} other.`}
                />
                <details className="chart-table">
                  <summary>Show as a table</summary>
                  <table className="grid">
                    <caption className="visually-hidden">Pull operations per day</caption>
                    <thead>
                      <tr>
                        <th scope="col">Day (UTC)</th>
                        <th scope="col">Succeeded</th>
                        <th scope="col">Failed</th>
                        <th scope="col">Other</th>
                      </tr>
                    </thead>
                    <tbody>
                      {daily.days.map((day, i) => (
                        <tr key={day}>
                          <th scope="row">{dayLabel.format(day)}</th>
                          <td>{daily.succeeded[i]}</td>
                          <td>{daily.failed[i]}</td>
                          <td>{daily.other[i]}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </>
            )}
          </figure>
          <figure className="chart">
            <figcaption>
              <h3>Duration per data type, successful pulls in the last {days} days</h3>
              <ul className="chart-legend" aria-label="Legend">
                <li data-tone="neutral">p95</li>
                <li data-tone="accent">Median</li>
              </ul>
            </figcaption>
            {durations.length === 0 ? (
              <p className="muted">No successful pull in this range to time.</p>
            ) : (
              <>
                <UplotChart
                  options={durationPlot.options}
                  data={durationPlot.data}
                  label={`Duration per data type, slowest first: ${durations
                    .slice(0, 3)
                    .map((row) => `${row.dataType} p95 ${formatDuration(row.p95Ms)}`)
                    .join(
                      ', ',
                    )}${durations.length > 3 ? `, and ${durations.length - 3} more` : ''}.`}
                />
                <details className="chart-table">
                  <summary>Show as a table</summary>
                  <table className="grid">
                    <caption className="visually-hidden">Duration per data type</caption>
                    <thead>
                      <tr>
                        <th scope="col">Data type</th>
                        <th scope="col">Median</th>
                        <th scope="col">p95</th>
                        <th scope="col">Successful pulls</th>
                      </tr>
                    </thead>
                    <tbody>
                      {durations.map((row) => (
                        <tr key={row.dataType}>
                          <th scope="row" className="mono">
                            {row.dataType}
                          </th>
                          <td>{formatDuration(row.medianMs)}</td>
                          <td>{formatDuration(row.p95Ms)}</td>
                          <td>{row.count}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </>
            )}
          </figure>
        </>
      )}
    </section>
  )
}
