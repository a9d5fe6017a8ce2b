// Find a company: search by name (every word, any order), paste an ID or a Portal link, or
// reopen a recent one. Self-contained: it needs only its props and the API.
import { Link } from '@tanstack/react-router'
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Company } from '../../api/schemas'
import { ErrorPanel } from '../../components/error-panel'
import { RelativeTime } from '../../components/relative-time'
import { StaleBanner } from '../../components/stale-banner'
import { companyIdFrom } from '../../lib/company-reference'
import { CompanyIdForm } from './company-id-form'
import { RecentCompaniesList } from './recent-companies-list'
import { useCompanySearch, type CompanySearchPage } from './use-company-search'
import './company-picker.css'

export const PAGE_SIZE = 10

/** What the Fleet above is filtered by: the list follows its name and steps aside for the rest. */
export interface FleetFilterView {
  /** The Fleet's name filter, searched here too while this list has no search of its own. */
  name?: string
  /** Health, data type or platform: Codat's list cannot filter by them. */
  isNarrowed: boolean
}

interface CompanyPickerProps {
  search: string
  page: number
  fleetFilter?: FleetFilterView
  onSearchChange: (search: string) => void
  onPageChange: (page: number) => void
  onOpenCompany: (companyId: string) => void
}

export function CompanyPicker({
  search,
  page,
  fleetFilter,
  onSearchChange,
  onPageChange,
  onOpenCompany,
}: CompanyPickerProps) {
  const [text, setText] = useState(search)
  const [previousSearch, setPreviousSearch] = useState(search)
  // The URL changed (back button, a link): show what it says.
  if (search !== previousSearch) {
    setPreviousSearch(search)
    setText(search)
  }
  // Debounce typing so each keystroke does not cost a Codat request.
  useEffect(() => {
    if (text.trim() === search || companyIdFrom(text) !== undefined) return
    const timer = setTimeout(() => onSearchChange(text.trim()), 300)
    return () => clearTimeout(timer)
  }, [text, search, onSearchChange])
  const searchId = useId()
  const hintId = useId()
  // One name search on the home page: with none typed here, the Fleet's name filter applies.
  const fleetName = fleetFilter?.name ?? ''
  const followsFleet = search === '' && fleetName !== '' && companyIdFrom(fleetName) === undefined
  const listed = followsFleet ? fleetName : search
  const companies = useCompanySearch(listed, page, PAGE_SIZE)

  // A pasted company ID or a link to one opens it: nobody searches names for a UUID.
  const change = (value: string) => {
    setText(value)
    const companyId = companyIdFrom(value)
    if (companyId !== undefined) onOpenCompany(companyId)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const companyId = companyIdFrom(text)
    if (companyId !== undefined) onOpenCompany(companyId)
    else onSearchChange(text.trim())
  }

  return (
    <section className="panel company-picker" aria-labelledby="picker-title">
      <div className="panel-head">
        <h1 id="picker-title">Companies</h1>
      </div>
      <p className="muted picker-intro">
        Codat’s own list of the account’s companies, including any the Fleet has not read yet. Its
        figures are Codat’s; health and each type’s last success are in the Fleet above.
      </p>
      <div className="picker-forms">
        <form
          className="picker-form"
          role="search"
          aria-label="Companies by name"
          onSubmit={submit}
        >
          <label htmlFor={searchId}>Search by name</label>
          <div className="row">
            <input
              id={searchId}
              className="grow"
              type="search"
              value={text}
              onChange={(event) => change(event.target.value)}
              placeholder={
                followsFleet
                  ? `As the Fleet’s name filter: “${fleetName}”`
                  : 'e.g. north wind, or a company ID'
              }
              autoComplete="off"
              // "/" focuses this field from any screen.
              data-company-search=""
              aria-describedby={hintId}
            />
            <button type="submit" className="primary">
              Search
            </button>
          </div>
          <p id={hintId} className="muted hint">
            Finds names containing every word, in any order, ignoring case and accents. A company ID
            or a Codat Portal link opens that company.
          </p>
        </form>
        <CompanyIdForm onOpen={onOpenCompany} />
      </div>
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
          {fleetFilter?.isNarrowed && search === '' ? (
            // Codat's list knows nothing of health, data types or platforms: showing it unfiltered
            // under a filtered Fleet would list companies the Fleet just said do not match.
            <p className="callout" data-tone="info" role="status">
              The Fleet above is filtered by health, data type or platform, which Codat’s list
              cannot be: it shows again when those filters are cleared, or search it by name here.
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
              {listed
                ? `No company name contains every word of “${listed}”.`
                : 'This Codat account has no companies yet.'}
              {companies.data.narrowedFrom && <NarrowedNote {...companies.data.narrowedFrom} />}
            </p>
          ) : (
            <CompanyResults
              data={companies.data}
              page={page}
              search={listed}
              followsFleet={followsFleet}
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
  /** The search is the Fleet's name filter, not one typed here. */
  followsFleet: boolean
  isPlaceholder: boolean
  onPageChange: (page: number) => void
}

function CompanyResults(props: CompanyResultsProps) {
  const { data, page, search, followsFleet, isPlaceholder, onPageChange } = props
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
          ? `${total} compan${total === 1 ? 'y' : 'ies'} matching “${search}”${followsFleet ? ', the Fleet’s name filter' : ''}`
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
