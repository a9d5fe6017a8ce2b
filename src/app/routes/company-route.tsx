// "/companies/$companyId": one company, with its data status and its pull-operation history.
import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useEffect } from 'react'
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router'
import { CodatApiError } from '../../api/client.ts'
import { companyQueries } from '../../api/companies.ts'
import { refreshBlockedReason, sessionQuery } from '../../api/session.ts'
import { CompanyHeader } from '../../features/company-picker/company-header.tsx'
import type { CompanySearch } from './company-search.ts'
import { rememberHistoryView, type HistoryReturn } from './history-return.ts'
import { EXAMPLE_UUID, isUuid } from '../../lib/uuid.ts'

const companyRouteApi = getRouteApi('/companies/$companyId')

// A tab is current only when the URL's tab matches it (the router then sets aria-current).
const TAB_ACTIVE = { includeSearch: true, explicitUndefined: true } as const

// The history table (TanStack Table, virtualized rows) loads when first asked for, keeping the
// first screen small; pointing at the tab starts the download early.
const loadHistory = () => import('../../features/pull-history/history-panel.tsx')
const HistoryPanel = lazy(() => loadHistory().then((module) => ({ default: module.HistoryPanel })))
// The charts bring uPlot: loaded only when the Charts tab opens.
const loadCharts = () => import('../../features/company-charts/charts-panel.tsx')
const ChartsPanel = lazy(() => loadCharts().then((module) => ({ default: module.ChartsPanel })))
// So does the data-status grid (diagnosis, refresh dialogs, support bundles): the company list is
// the first screen, and this chunk downloads while the company's own data is on its way.
const DataStatusPanel = lazy(() =>
  import('../../features/data-status/data-status-panel.tsx').then((module) => ({
    default: module.DataStatusPanel,
  })),
)

export function CompanyRoute() {
  const { companyId } = companyRouteApi.useParams()
  const search = companyRouteApi.useSearch()
  const navigate = useNavigate({ from: '/companies/$companyId' })
  const session = useQuery(sessionQuery)
  // Same key as the header's: one request. A company Codat does not know gets one message,
  // not a failed header above a failed grid with live refresh buttons.
  const company = useQuery({ ...companyQueries.detail(companyId), enabled: isUuid(companyId) })
  const historyView = search.tab === 'history' ? JSON.stringify({ ...search, tab: undefined }) : ''
  useEffect(() => {
    if (historyView) rememberHistoryView(companyId, JSON.parse(historyView) as HistoryReturn)
  }, [companyId, historyView])
  if (company.error instanceof CodatApiError && company.error.status === 404) {
    return (
      <section className="panel" role="alert" aria-labelledby="company-missing-title">
        <h1 id="company-missing-title">Company not found</h1>
        <p>
          Codat has no company with ID <code>{companyId}</code> in this account. Check the ID, or
          find the company by name.
        </p>
        <Link to="/">Choose a company</Link>
      </section>
    )
  }
  // Checked before any request, so a mistyped link gets a clear answer, not a Codat 400.
  if (!isUuid(companyId)) {
    return (
      <section className="panel" role="alert">
        <h1>Not a company ID</h1>
        <p>
          <code>{companyId}</code> is not a Codat company ID. Company IDs are UUIDs, like{' '}
          <code>{EXAMPLE_UUID}</code>.
        </p>
        <Link to="/">Choose a company</Link>
      </section>
    )
  }
  const tab = search.tab ?? 'status'
  const setSearch = (change: Partial<CompanySearch>) =>
    void navigate({ search: (previous) => ({ ...previous, ...change }) })
  return (
    <>
      <CompanyHeader companyId={companyId} fetchesDataStatus={tab !== 'status'} />
      <nav className="tabs" aria-label="Company views">
        <Link
          to="/companies/$companyId"
          params={{ companyId }}
          search={(previous) => ({ ...previous, tab: undefined })}
          activeOptions={TAB_ACTIVE}
        >
          Data status
        </Link>
        <Link
          to="/companies/$companyId"
          params={{ companyId }}
          search={(previous) => ({ ...previous, tab: 'history' })}
          activeOptions={TAB_ACTIVE}
          onMouseEnter={() => void loadHistory()}
          onFocus={() => void loadHistory()}
        >
          History
        </Link>
        <Link
          to="/companies/$companyId"
          params={{ companyId }}
          search={(previous) => ({ ...previous, tab: 'charts' })}
          activeOptions={TAB_ACTIVE}
          onMouseEnter={() => void loadCharts()}
          onFocus={() => void loadCharts()}
        >
          Charts
        </Link>
      </nav>
      {tab === 'status' ? (
        <Suspense
          fallback={
            <section className="panel skeleton" aria-busy="true">
              Loading data status…
            </section>
          }
        >
          <DataStatusPanel
            // A fresh panel per company: feedback about one company's refresh never shows on another.
            key={companyId}
            companyId={companyId}
            refreshBlockedReason={refreshBlockedReason(session.data)}
            view={{ why: search.why, onlyProblems: search.only === 'problems' }}
            onViewChange={(view) =>
              setSearch({ why: view.why, only: view.onlyProblems ? 'problems' : undefined })
            }
          />
        </Suspense>
      ) : tab === 'charts' ? (
        <Suspense
          fallback={
            <section className="panel skeleton" aria-busy="true">
              Loading charts…
            </section>
          }
        >
          <ChartsPanel companyId={companyId} />
        </Suspense>
      ) : (
        <Suspense
          fallback={
            <section className="panel skeleton" aria-busy="true">
              Loading history…
            </section>
          }
        >
          <HistoryPanel companyId={companyId} search={search} onSearchChange={setSearch} />
        </Suspense>
      )}
    </>
  )
}
