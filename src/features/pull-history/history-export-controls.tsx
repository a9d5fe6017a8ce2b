// Export the current history view (its filters and sort, every page up to a cap) as CSV or JSON,
// with progress and a way to stop.
import { useEffect, useId, useRef, useState } from 'react'
import type { HistoryParams } from '../../api/refresh-data.ts'
import { describeError } from '../../components/error-panel.tsx'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { formatInstant } from '../../lib/dates.ts'
import { operationsToCsv, operationsToJson } from './export-format.ts'
import { DEFAULT_EXPORT_CAP, exportHistory, type ExportProgress } from './history-export.ts'

const CAPS = [1000, DEFAULT_EXPORT_CAP, 50_000]
const count = new Intl.NumberFormat('en-GB')

type Format = 'csv' | 'json'
type ExportState =
  | { kind: 'idle' }
  | { kind: 'running'; format: Format; progress: ExportProgress }
  | { kind: 'done'; format: Format; rows: number; totalResults: number; ms: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string }

interface HistoryExportControlsProps {
  companyId: string
  /** The view on screen; its page and page size are ignored: every page is read. */
  params: HistoryParams
}

function download(text: string, format: Format, companyId: string) {
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json'
  const url = URL.createObjectURL(new Blob([text], { type }))
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '')
  const link = document.createElement('a')
  link.href = url
  link.download = `pull-operations-${companyId}-${stamp}Z.${format}`
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function HistoryExportControls({ companyId, params }: HistoryExportControlsProps) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' })
  const [cap, setCap] = useState(DEFAULT_EXPORT_CAP)
  const { timeZone } = useTimeZone()
  const controller = useRef<AbortController | undefined>(undefined)
  const capId = useId()
  const progressId = useId()
  // Leaving the screen stops the export.
  useEffect(() => () => controller.current?.abort(), [])

  const start = async (format: Format) => {
    const abort = new AbortController()
    controller.current = abort
    const startedAt = performance.now()
    setState({ kind: 'running', format, progress: { done: 0, total: 0 } })
    try {
      const result = await exportHistory({
        companyId,
        query: params.query,
        orderBy: params.orderBy,
        cap,
        signal: abort.signal,
        onProgress: (progress) => setState({ kind: 'running', format, progress }),
      })
      const text =
        format === 'csv'
          ? operationsToCsv(result.operations)
          : operationsToJson(result.operations, {
              companyId,
              query: params.query,
              orderBy: params.orderBy,
              exportedAt: new Date().toISOString(),
              totalResults: result.totalResults,
              isTruncated: result.isTruncated,
            })
      download(text, format, companyId)
      setState({
        kind: 'done',
        format,
        rows: result.operations.length,
        totalResults: result.totalResults,
        ms: performance.now() - startedAt,
      })
    } catch (error) {
      if (abort.signal.aborted) setState({ kind: 'cancelled' })
      else setState({ kind: 'failed', message: describeError(error).title })
    }
  }

  if (state.kind === 'running') {
    const { done, total, waitingUntil } = state.progress
    return (
      <div className="history-export" role="group" aria-label="Export">
        <label htmlFor={progressId}>Exporting {state.format.toUpperCase()}</label>
        <progress id={progressId} max={total || 1} value={done} />
        <span className="muted" aria-live="polite">
          {count.format(done)} of {total ? count.format(total) : '…'} rows
          {waitingUntil !== undefined &&
            `; Codat asked to wait: resuming at ${formatInstant(waitingUntil, { timeZone, style: 'clock' })}`}
        </span>
        <button type="button" className="small" onClick={() => controller.current?.abort()}>
          Cancel export
        </button>
      </div>
    )
  }
  return (
    <div className="history-export" role="group" aria-label="Export">
      <span className="muted">Export this view:</span>
      <button type="button" className="small" onClick={() => void start('csv')}>
        CSV
      </button>
      <button type="button" className="small" onClick={() => void start('json')}>
        JSON
      </button>
      <label htmlFor={capId}>up to</label>
      <select id={capId} value={cap} onChange={(event) => setCap(Number(event.target.value))}>
        {CAPS.map((value) => (
          <option key={value} value={value}>
            {count.format(value)} rows
          </option>
        ))}
      </select>
      <span className="muted" role="status">
        {state.kind === 'done'
          ? `Exported ${count.format(state.rows)} rows as ${state.format.toUpperCase()} in ${(state.ms / 1000).toFixed(1)} s${state.totalResults > state.rows ? ` (the first ${count.format(state.rows)} of ${count.format(state.totalResults)}: the cap)` : ''}.`
          : state.kind === 'cancelled'
            ? 'Export cancelled; nothing was saved.'
            : state.kind === 'failed'
              ? `Export failed: ${state.message}.`
              : ''}
      </span>
    </div>
  )
}
