// The grid of data types: stale ones marked, optionally only the stale or failing, and "Why?" rows.
import { useId } from 'react'
import type { Connection, DataStatus } from '../../api/schemas.ts'
import { dataTypeHealth, type DataTypeHealth } from '../../lib/health.ts'
import { CompanyTicketButton } from './company-ticket-button.tsx'
import { DataStatusRow } from './data-status-row.tsx'
import { GridFilter } from './grid-filter.tsx'
import type { RefreshFeedback } from './refresh-feedback.tsx'
import { useStaleHours } from './use-stale-hours.ts'
import { WhyPanel } from './why-panel.tsx'
import './status-grid.css'

const PROBLEMS: ReadonlySet<DataTypeHealth> = new Set(['stale', 'failing', 'needs_relink'])

export interface StatusGridView {
  /** The data type whose "Why?" panel is open. */
  why?: string
  /** Show only stale or failing data types. */
  onlyProblems?: boolean
}

interface StatusGridProps {
  companyId: string
  companyName: string | undefined
  rows: readonly DataStatus[]
  /** When the data status was read: staleness is judged as of then. */
  readAt: number
  /** Every connection of the company; undefined while unknown. */
  connections: readonly Connection[] | undefined
  linkedConnections: readonly Connection[] | undefined
  blockedBy?: string
  onRefreshSettled: (feedback: RefreshFeedback) => void
  view: StatusGridView
  onViewChange: (change: StatusGridView) => void
}

export function StatusGrid(props: StatusGridProps) {
  const { companyId, rows, readAt, view, onViewChange } = props
  const [staleHours, setStaleHours] = useStaleHours()
  const panelId = useId()
  const judged = rows.map((row) => ({
    row,
    health: dataTypeHealth(row, { now: readAt, staleHours }),
  }))
  const shown = view.onlyProblems ? judged.filter(({ health }) => PROBLEMS.has(health)) : judged
  return (
    <>
      <div className="grid-toolbar">
        <GridFilter
          onlyProblems={view.onlyProblems ?? false}
          onOnlyProblemsChange={(only) =>
            onViewChange({ ...view, onlyProblems: only || undefined })
          }
          staleHours={staleHours}
          onStaleHoursChange={setStaleHours}
          shown={shown.length}
          total={rows.length}
        />
        <CompanyTicketButton
          companyId={companyId}
          companyName={props.companyName}
          rows={rows}
          connections={props.connections}
          readAt={readAt}
          staleHours={staleHours}
        />
      </div>
      {shown.length === 0 ? (
        <p className="callout" data-tone="ok">
          No data type is stale or failing.
        </p>
      ) : (
        <table className="grid status-grid" aria-label="Data status by data type">
          <thead>
            <tr>
              <th scope="col">Data type</th>
              <th scope="col">Status</th>
              <th scope="col">Last successful sync</th>
              <th scope="col">Latest pull</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ row, health }) => {
              const isOpen = view.why === row.dataType
              const buttonId = `${panelId}-why-${row.dataType}`
              return (
                <DataStatusRow
                  key={row.dataType}
                  companyId={companyId}
                  row={row}
                  linkedConnections={props.linkedConnections}
                  connections={props.connections}
                  blockedBy={props.blockedBy}
                  onRefreshSettled={props.onRefreshSettled}
                  health={health}
                  staleHours={staleHours}
                  whyButtonId={buttonId}
                  whyPanelId={isOpen ? panelId : undefined}
                  onWhyToggle={() =>
                    onViewChange({ ...view, why: isOpen ? undefined : row.dataType })
                  }
                  whyPanel={
                    isOpen && (
                      <WhyPanel
                        id={panelId}
                        companyId={companyId}
                        companyName={props.companyName}
                        row={row}
                        connections={props.connections}
                        staleHours={staleHours}
                        statusReadAt={readAt}
                        onClose={() => {
                          onViewChange({ ...view, why: undefined })
                          // Back where the reader came from, not to the top of the page.
                          document.getElementById(buttonId)?.focus()
                        }}
                      />
                    )
                  }
                />
              )
            })}
          </tbody>
        </table>
      )}
    </>
  )
}
