// Codat's own list of companies, as the home page's search finds them (every word, any order),
// beside the recently opened ones. Self-contained: it needs only its props and the API.
import { Link } from '@tanstack/react-router'
import type { Company } from '../../api/schemas.ts'
import { ErrorPanel } from '../../components/error-panel.tsx'
import { RelativeTime } from '../../components/relative-time.tsx'
import { StaleBanner } from '../../components/stale-banner.tsx'
import { RecentCompaniesList } from './recent-companies-list.tsx'
import { useCompanySearch, type CompanySearchPage } from './use-company-search.ts'
import './company-picker.css'

export const PAGE_SIZE = 10

interface CompanyPickerProps {
  /** The home page's search (see CompanySearchBox); '' lists every company. */
  search: string
  page: number
  /** The Fleet is filtered by health, data type or platform, which Codat's list cannot be. */
  isFleetNarrowed?: boolean
  onPageChange: (page: number) => void
}

export function CompanyPicker({ search, page, isFleetNarrowed, onPageChange }: CompanyPickerProps) {
  const companies = useCompanySearch(search, page, PAGE_SIZE)
  return (
    <section className="panel company-picker" aria-labelledby="picker-title">
      <div className="panel-head">
        <h1 id="picker-title">Companies</h1>
      </div>
      <p className="muted picker-intro">
        Codat’s own list of the account’s companies, including any the Fleet has not read yet, found
        by the search above. Its figures are Codat’s; health and each type’s last success are in the
        Fleet.
      </p>
      <div className="picker-layout">
        <div className="picker-results">
          {/* Data first: a failed re-read keeps the list on screen, under a banner. */}
          {companies.error && companies.data !== undefined && (
            <StaleBanner
              what="the companies"
              error={companies.error}
              errorUpdatedAt={companies.errorUpdatedAt}
              shown="The list shows the last results loaded"
              onRetry={companies.refetch}
              isRetrying={companies.isFetching}
            />
          )}
          {isFleetNarrowed ? (
            // Codat's list knows nothing of health, data types or platforms: showing it under a
            // filtered Fleet would list companies the Fleet just said do not match.
            <p className="callout" data-tone="info" role="status">
              The Fleet above is filtered by health, data type or platform, which Codat’s list
              cannot be: it shows again when those filters are cleared.
            </p>
          ) : companies.data === undefined ? (
            companies.isError ? (
              <ErrorPanel
                error={companies.error}
                what="companies"
                onRetry={companies.refetch}
                isRetrying={companies.isFetching}
              />
            ) : (
              <p className="skeleton">Loading companies…</p>
            )
          ) : companies.data.totalResults === 0 ? (
            <p className="muted" role="status">
              {search
                ? `No company name contains every word of “${search}”.`
                : 'This Codat account has no companies yet.'}
              {companies.data.narrowedFrom && <NarrowedNote {...companies.data.narrowedFrom} />}
            </p>
          ) : (
            <CompanyResults
              data={companies.data}
              page={page}
              search={search}
              isPlaceholder={companies.isPlaceholderData}
              onPageChange={onPageChange}
            />
          )}
        </div>
        <RecentCompaniesList />
      </div>
    </section>
  )
}

/** Said when the search was narrowed here and Codat had more than one read could check. */
function NarrowedNote({ read, scanned }: { read: number; scanned: number }) {
  if (scanned <= read) return null
  return (
    <>
      {' '}
      Only the first {read} of {scanned} candidate names could be checked: add a word to narrow the
      search.
    </>
  )
}

interface CompanyResultsProps {
  data: CompanySearchPage
  page: number
  search: string
  isPlaceholder: boolean
  onPageChange: (page: number) => void
}

function CompanyResults(props: CompanyResultsProps) {
  const { data, page, search, isPlaceholder, onPageChange } = props
  const companies: readonly Company[] = data.results
  const total = data.totalResults
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const first = (page - 1) * PAGE_SIZE + 1
  // Codat's list may leave `dataConnections` out for every company: no column of dashes then.
  const hasConnections = companies.some((company) => company.dataConnections !== undefined)
  return (
    <>
      <p className="muted" role="status">
        {search
          ? `${total} compan${total === 1 ? 'y' : 'ies'} matching “${search}”`
          : `${total} companies`}
        {pageCount > 1 && ` · showing ${first}–${first + companies.length - 1}`}
        {data.narrowedFrom && <NarrowedNote {...data.narrowedFrom} />}
      </p>
      {!hasConnections && (
        <p className="muted hint">
          Codat’s list leaves out each company’s connections: the Fleet above names their platforms,
          and a company’s screen lists its connections.
        </p>
      )}
      <table className="grid" aria-label="Companies" aria-busy={isPlaceholder}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Company ID</th>
            {hasConnections && <th scope="col">Connections</th>}
            <th scope="col" title={LAST_SYNC_MEANING}>
              Codat’s last sync
            </th>
          </tr>
        </thead>
        <tbody>
          {companies.map((company) => (
            <tr key={company.id}>
              <th scope="row">
                <Link to="/companies/$companyId" params={{ companyId: company.id }}>
                  {company.name}
                </Link>
              </th>
              <td className="mono muted" data-label="Company ID">
                {company.id}
              </td>
              {hasConnections && (
                <td data-label="Connections">
                  <ConnectionNames connections={company.dataConnections} />
                </td>
              )}
              <td data-label="Codat’s last sync" title={LAST_SYNC_MEANING}>
                {company.lastSync ? (
                  <RelativeTime date={company.lastSync} />
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pageCount > 1 && (
        <nav className="row pager" aria-label="Company pages">
          <button type="button" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
            Previous
          </button>
          <span>
            Page {page} of {pageCount}
          </span>
          <button
            type="button"
            onClick={() => onPageChange(page + 1)}
            disabled={page >= pageCount || isPlaceholder}
          >
            Next
          </button>
        </nav>
      )}
    </>
  )
}

/** Differs from the Fleet's "oldest success of a type" on purpose: this is Codat's own field. */
const LAST_SYNC_MEANING =
  'Codat’s lastSync for the company: its latest sync of any data type, successful or not'

/** Codat's list may leave `dataConnections` out of one company: unknown ("—"), not "none". */
function ConnectionNames({ connections }: { connections: Company['dataConnections'] }) {
  if (connections === undefined) {
    return (
      <span className="muted" title="Not in Codat’s answer: open the company to see them">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">not listed</span>
      </span>
    )
  }
  if (connections.length === 0) return <span className="muted">none</span>
  return connections
    .map((c) => (c.status === 'Linked' ? c.platformName : `${c.platformName} (${c.status})`))
    .join(', ')
}
