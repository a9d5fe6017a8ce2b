// "Why?" for one data type: the diagnosis, its next step and facts, and the type's latest pulls.
import type { Connection, DataStatus } from '../../api/schemas.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { diagnose } from '../../lib/diagnosis.ts'
import { dataTypeBundle } from '../../lib/support-bundle.ts'
import { CopyTicketButton } from './copy-ticket-button.tsx'
import { RecentOperations } from './recent-operations.tsx'
import { currentUrl, instant, viewerTimeZone } from './ticket-context.ts'
import { useTypeHistory } from './use-type-history.ts'

interface WhyPanelProps {
  id: string
  companyId: string
  companyName: string | undefined
  row: DataStatus
  /** The company's connections; undefined while unknown. */
  connections: readonly Connection[] | undefined
  staleHours: number
  /** When the data status was read: "now" for the diagnosis when nothing newer is known. */
  statusReadAt: number
  onClose: () => void
}

export function WhyPanel({
  id,
  companyId,
  companyName,
  row,
  connections,
  staleHours,
  statusReadAt,
  onClose,
}: WhyPanelProps) {
  const { history, samples, isQueryable } = useTypeHistory(companyId, row.dataType)
  const { timeZone } = useTimeZone()
  const operations = history.data?.results
  // Judged as of the latest read, so the words match the facts they came from.
  const nowMs = Math.max(statusReadAt, history.dataUpdatedAt)
  const diagnosis = diagnose(
    {
      dataType: row.dataType,
      status: row,
      connections,
      history: operations,
      historyTotal: history.data?.totalResults,
      progressSamples: samples,
    },
    { nowMs, staleHours, timeZone },
  )
  const titleId = `${id}-title`
  return (
    <section id={id} className="why-panel" aria-labelledby={titleId}>
      <div className="why-head">
        <h3 id={titleId}>
          Why: <span className="mono">{row.dataType}</span>
        </h3>
        <span className="grow" />
        <CopyTicketButton
          subject={row.dataType}
          build={() =>
            Promise.resolve(
              dataTypeBundle({
                company: { id: companyId, name: companyName },
                connections,
                url: currentUrl(),
                readAt: instant(nowMs),
                viewerTimeZone: viewerTimeZone(),
                status: row,
                diagnosis,
                operations,
              }),
            )
          }
        />
        <button type="button" className="small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="callout why-summary" data-tone={diagnosis.tone} data-kind={diagnosis.kind}>
        <strong>{diagnosis.summary}</strong>
        <p>
          <span className="why-label">Next step:</span> {diagnosis.next.text}
        </p>
        {diagnosis.relink.length > 0 && (
          <ul className="why-links" aria-label="Link URLs">
            {diagnosis.relink.map((connection) => (
              <li key={connection.id}>
                {connection.platformName} ({connection.status}):{' '}
                <a href={connection.linkUrl} target="_blank" rel="noreferrer" className="mono">
                  {connection.linkUrl}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ul className="why-facts" aria-label="Facts">
        {diagnosis.facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      {!isQueryable ? (
        <p className="muted">
          This data type’s name cannot be put in a Codat query, so its history is not shown.
        </p>
      ) : history.isPending ? (
        <p className="skeleton">Reading the latest pulls of {row.dataType}…</p>
      ) : history.isError && !operations ? (
        <ErrorPanel
          error={history.error}
          what={`the history of ${row.dataType} (the diagnosis above uses its data status only)`}
          onRetry={() => void history.refetch()}
          isRetrying={history.isFetching}
        />
      ) : (
        <RecentOperations
          companyId={companyId}
          dataType={row.dataType}
          operations={operations ?? []}
          total={history.data?.totalResults ?? 0}
        />
      )}
    </section>
  )
}
