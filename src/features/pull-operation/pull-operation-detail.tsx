// One pull operation on its own screen: every field, what the status means, the next step,
// a support-ticket summary and its neighbours of the same data type. Polls while it runs.
import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { CodatApiError } from '../../api/client.ts'
import { companyQueries } from '../../api/companies.ts'
import { refreshQueries } from '../../api/refresh-data.ts'
import type { Company, Connection, PullOperation } from '../../api/schemas.ts'
import { CopyButton } from '../../components/copy-button.tsx'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { laterOutcome } from './later-outcome.ts'
import { NeighbourOperations } from './neighbour-operations.tsx'
import { OperationFacts } from './operation-facts.tsx'
import { StatusGuidanceCallout } from './status-guidance-callout.tsx'
import { ticketText } from '../../lib/ticket-text.ts'
import './pull-operation.css'
import { EXAMPLE_UUID, isUuid } from '../../lib/uuid.ts'

/** The history table's view to return to: page, size, sort and filters, as in its URL. */
export interface HistoryViewParams {
  page?: number
  pageSize?: number
  sort?: string
  status?: string
  dataType?: string
}

interface PullOperationDetailProps {
  companyId: string
  datasetId: string
  /** Where the "History" breadcrumb leads: the view the user came from. */
  historyView?: HistoryViewParams
}

export function PullOperationDetail({
  companyId,
  datasetId,
  historyView = {},
}: PullOperationDetailProps) {
  // Every Codat ID is a UUID: anything else is a mistyped link, answered before any request.
  const isCompanyIdValid = isUuid(companyId)
  const isDatasetIdValid = isUuid(datasetId)
  if (!isCompanyIdValid || !isDatasetIdValid) {
    return (
      <section className="panel" role="alert" aria-labelledby="bad-id-title">
        <h1 id="bad-id-title">
          {isCompanyIdValid ? 'Not a pull operation ID' : 'Not a valid address'}
        </h1>
        {!isCompanyIdValid && (
          <p>
            <code>{companyId}</code> is not a Codat company ID.
          </p>
        )}
        {!isDatasetIdValid && (
          <p>
            <code>{datasetId}</code> is not a Codat pull operation (dataset) ID.
          </p>
        )}
        <p className="muted">
          Codat IDs are UUIDs, like <code>{EXAMPLE_UUID}</code>. Nothing was requested from Codat.
        </p>
        <p className="row">
          {isCompanyIdValid ? (
            <Link to="/companies/$companyId" params={{ companyId }} search={{ tab: 'history' }}>
              Open this company’s history
            </Link>
          ) : (
            <Link to="/">Choose a company</Link>
          )}
        </p>
      </section>
    )
  }
  return <OperationScreen companyId={companyId} datasetId={datasetId} historyView={historyView} />
}

function OperationScreen({ companyId, datasetId, historyView }: PullOperationDetailProps) {
  const operation = useQuery(refreshQueries.operation(companyId, datasetId))
  const company = useQuery(companyQueries.detail(companyId))
  const connections = useQuery(companyQueries.connections(companyId))
  return (
    <>
      <Breadcrumb
        companyId={companyId}
        company={company}
        operation={operation.data}
        historyView={historyView}
      />
      {operation.data ? (
        <OperationView
          operation={operation.data}
          query={operation}
          company={company}
          connections={connections.data}
        />
      ) : operation.isError ? (
        isNotFound(operation.error) ? (
          <NotFound companyId={companyId} datasetId={datasetId} company={company} />
        ) : (
          <section className="panel">
            <ErrorPanel
              error={operation.error}
              errorUpdatedAt={operation.errorUpdatedAt}
              what="the pull operation"
              onRetry={() => void operation.refetch()}
              isRetrying={operation.isFetching}
            />
          </section>
        )
      ) : operation.failureCount > 0 ? (
        <section className="panel" aria-busy="true">
          <ErrorPanel error={operation.failureReason} what="the pull operation" isRetrying />
        </section>
      ) : (
        <section className="panel skeleton" aria-busy="true">
          Loading pull operation <code>{datasetId}</code>…
        </section>
      )}
    </>
  )
}

function isNotFound(error: unknown): boolean {
  return error instanceof CodatApiError && error.status === 404
}

interface BreadcrumbProps {
  companyId: string
  company: UseQueryResult<Company>
  operation?: PullOperation
  historyView?: HistoryViewParams
}

function Breadcrumb({ companyId, company, operation, historyView }: BreadcrumbProps) {
  // No crumbs into a company Codat says does not exist: they would lead to another 404.
  const isCompanyMissing = company.isError && isNotFound(company.error)
  return (
    <nav aria-label="Breadcrumb" className="op-breadcrumb">
      <ol>
        <li>
          <Link to="/">Companies</Link>
        </li>
        {!isCompanyMissing && (
          <>
            <li>
              <Link to="/companies/$companyId" params={{ companyId }}>
                {company.data?.name ?? `Company ${companyId.slice(0, 8)}…`}
              </Link>
            </li>
            <li>
              <Link
                to="/companies/$companyId"
                params={{ companyId }}
                search={{ ...historyView, tab: 'history' }}
              >
                History
              </Link>
            </li>
          </>
        )}
        <li aria-current="page">{operation ? `${operation.dataType} pull` : 'Pull operation'}</li>
      </ol>
    </nav>
  )
}

interface OperationViewProps {
  operation: PullOperation
  query: UseQueryResult<PullOperation>
  company: UseQueryResult<Company>
  /** Read from the connections endpoint; undefined until known. */
  connections: readonly Connection[] | undefined
}

function OperationView({ operation, query, company, connections }: OperationViewProps) {
  const connection = connections?.find((c) => c.id === operation.connectionId)
  // The data status names the newest pull of each type: enough to tell if this failure still matters.
  const dataStatus = useQuery(refreshQueries.status(operation.companyId))
  const { timeZone } = useTimeZone()
  const later = laterOutcome(operation, dataStatus.data?.[operation.dataType] ?? undefined, {
    timeZone,
  })
  const ticket = ticketText({
    operation,
    companyName: company.data?.name,
    connectionLabel: connection && `(${connection.platformName}, ${connection.status})`,
    url: window.location.href,
  })
  return (
    <>
      <section className="panel" aria-labelledby="operation-title">
        <div className="panel-head">
          <h1 id="operation-title" className="grow">
            <span className="mono">{operation.dataType}</span> pull operation{' '}
            <StatusBadge status={operation.status} />
          </h1>
          <span className="row">
            <span className="muted">Support ticket:</span>
            <CopyButton value={ticket} label="for ticket" />
          </span>
        </div>
        {query.isError && (
          <ErrorPanel
            error={query.error}
            errorUpdatedAt={query.errorUpdatedAt}
            what="the latest state of this pull operation (showing the last one read)"
            onRetry={() => void query.refetch()}
            isRetrying={query.isFetching}
          />
        )}
        {company.isError && (
          <ErrorPanel
            error={company.error}
            errorUpdatedAt={company.errorUpdatedAt}
            what="the company’s name"
            onRetry={() => void company.refetch()}
            isRetrying={company.isFetching}
          />
        )}
        <StatusGuidanceCallout
          operation={operation}
          linkUrl={company.data?.redirect}
          later={later}
        />
        <OperationFacts operation={operation} company={company.data} connection={connection} />
        <h2 className="op-subtitle">Error message</h2>
        {operation.errorMessage ? (
          <pre className="op-error-message">{operation.errorMessage}</pre>
        ) : (
          <p className="muted">Codat gave no error message.</p>
        )}
        <details className="op-ticket-preview">
          <summary>Preview the support-ticket text</summary>
          <pre className="op-ticket-text">{ticket}</pre>
        </details>
      </section>
      <NeighbourOperations operation={operation} />
    </>
  )
}

interface NotFoundProps {
  companyId: string
  datasetId: string
  company: UseQueryResult<Company>
}

function NotFound({ companyId, datasetId, company }: NotFoundProps) {
  const isCompanyMissing = company.isError && isNotFound(company.error)
  return (
    <section className="panel" role="alert" aria-labelledby="not-found-title">
      <h1 id="not-found-title">
        {isCompanyMissing ? 'Company not found' : 'Pull operation not found'}
      </h1>
      {isCompanyMissing ? (
        <p>
          Codat has no company with ID <code>{companyId}</code>, so pull operation{' '}
          <code>{datasetId}</code> cannot be shown.
        </p>
      ) : (
        <p>
          {company.data ? (
            <>
              <strong>{company.data.name}</strong> (<code>{companyId}</code>)
            </>
          ) : (
            <>
              Company <code>{companyId}</code>
            </>
          )}{' '}
          has no pull operation with ID <code>{datasetId}</code>.
        </p>
      )}
      <p className="row">
        {isCompanyMissing ? (
          <Link to="/">Choose a company</Link>
        ) : (
          <Link to="/companies/$companyId" params={{ companyId }} search={{ tab: 'history' }}>
            Open the company’s history
          </Link>
        )}
      </p>
    </section>
  )
}
