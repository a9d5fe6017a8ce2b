// Status and data-type filters; both become Codat's `query`, so they cover every page.
import { useId } from 'react'
import { DATA_TYPES, isKnownDataType, PULL_OPERATION_STATUSES } from '../../lib/status-groups.ts'
import { parseStatusFilter, STATUS_PRESETS, type StatusPreset } from './history-view.ts'

const ALL = ''

export interface HistoryFiltersProps {
  /** The raw `status` URL value: a preset or a comma-separated list. */
  status: string | undefined
  dataType: string | undefined
  /** Data types seen in the loaded rows; custom ones Codat sends are offered too. */
  presentDataTypes: readonly string[]
  onChange: (change: { status?: string | undefined; dataType?: string | undefined }) => void
}

export function HistoryFilters({
  status,
  dataType,
  presentDataTypes,
  onChange,
}: HistoryFiltersProps) {
  const statusId = useId()
  const typeId = useId()
  const filter = parseStatusFilter(status)
  const statusValue =
    filter.kind === 'all'
      ? ALL
      : filter.kind === 'preset'
        ? filter.preset
        : filter.statuses.join(',')
  const isListed =
    filter.kind !== 'statuses' ||
    (filter.statuses.length === 1 &&
      (PULL_OPERATION_STATUSES as readonly string[]).includes(statusValue))
  const otherTypes = [
    ...new Set(
      [...presentDataTypes, ...(dataType ? [dataType] : [])].filter((t) => !isKnownDataType(t)),
    ),
  ].sort()
  return (
    <div className="history-filters" role="group" aria-label="Filters">
      <span className="history-field">
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={statusValue}
          onChange={(event) => onChange({ status: event.target.value || undefined })}
        >
          <option value={ALL}>All</option>
          <optgroup label="Presets">
            {(Object.keys(STATUS_PRESETS) as StatusPreset[]).map((preset) => (
              <option key={preset} value={preset}>
                {STATUS_PRESETS[preset].label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Single status">
            {PULL_OPERATION_STATUSES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </optgroup>
          {!isListed && (
            <optgroup label="From the link">
              <option value={statusValue}>{statusValue.replaceAll(',', ', ')}</option>
            </optgroup>
          )}
        </select>
      </span>
      <span className="history-field">
        <label htmlFor={typeId}>Data type</label>
        <select
          id={typeId}
          value={dataType ?? ALL}
          onChange={(event) => onChange({ dataType: event.target.value || undefined })}
        >
          <option value={ALL}>All data types</option>
          <optgroup label="Data types">
            {DATA_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </optgroup>
          {otherTypes.length > 0 && (
            <optgroup label="Other data types in this history">
              {otherTypes.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </span>
      {(status !== undefined || dataType !== undefined) && (
        <button type="button" onClick={() => onChange({ status: undefined, dataType: undefined })}>
          Clear filters
        </button>
      )}
    </div>
  )
}
