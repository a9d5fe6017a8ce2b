// Above the grid: show only stale or failing types, and the threshold that makes a type stale.
import { useId } from 'react'
import { DEFAULT_STALE_HOURS } from '../../lib/health.ts'

const THRESHOLDS = [1, 4, 12, 24, 48, 72, 168]

interface GridFilterProps {
  onlyProblems: boolean
  onOnlyProblemsChange: (only: boolean) => void
  staleHours: number
  onStaleHoursChange: (hours: number) => void
  shown: number
  total: number
}

function hoursLabel(hours: number): string {
  const text = hours % 24 === 0 ? `${hours / 24} d` : `${hours} h`
  return hours === DEFAULT_STALE_HOURS ? `${text} (default)` : text
}

export function GridFilter(props: GridFilterProps) {
  const { onlyProblems, staleHours, shown, total } = props
  const thresholdId = useId()
  const options = THRESHOLDS.includes(staleHours)
    ? THRESHOLDS
    : [...THRESHOLDS, staleHours].sort((a, b) => a - b)
  return (
    <div className="row grid-filter" role="group" aria-label="Which data types to show">
      <label className="check">
        <input
          type="checkbox"
          checked={onlyProblems}
          onChange={(event) => props.onOnlyProblemsChange(event.target.checked)}
        />
        Only stale or failing
      </label>
      <span className="grid-filter-field">
        <label htmlFor={thresholdId}>Stale after</label>
        <select
          id={thresholdId}
          value={staleHours}
          onChange={(event) => props.onStaleHoursChange(Number(event.target.value))}
        >
          {options.map((hours) => (
            <option key={hours} value={hours}>
              {hoursLabel(hours)}
            </option>
          ))}
        </select>
      </span>
      {onlyProblems && (
        <span className="muted" aria-live="polite">
          Showing {shown} of {total} data types
        </span>
      )}
    </div>
  )
}
