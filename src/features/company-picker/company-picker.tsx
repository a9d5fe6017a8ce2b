// Find a company: search by name through Codat's query, paste an ID, or reopen a recent one.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { companyQueries } from '../../api/companies'
import type { Company } from '../../api/schemas'
import { ErrorPanel } from '../../components/error-panel'
import { RelativeTime } from '../../components/relative-time'
import { buildQuery } from '../../lib/codat-query'
import { CompanyIdForm } from './company-id-form'
import { RecentCompaniesList } from './recent-companies-list'
import './company-picker.css'

export const PAGE_SIZE = 10

interface CompanyPickerProps {
  search: string
  page: number
  onSearchChange: (search: string) => void
  onPageChange: (page: number) => void
  onOpenCompany: (companyId: string) => void
}

/** Codat's `name~text`, or why the text cannot be searched for (its query has no escaping). */
function nameQuery(search: string): { query?: string; problem?: string } {
  if (search === '') return {}
  try {
    return { query: buildQuery([{ field: 'name', op: '~', value: search }]) }
  } catch {
    return {
      problem: `Codat cannot search for “${search}”: its query language has no way to escape &&, ||, {, }, =, !, ~, < or >. Search for a part of the name without them.`,
    }
  }
}

export function CompanyPicker({
  search,
  page,
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
    if (text.trim() === search) return
    const timer = setTimeout(() => onSearchChange(text.trim()), 300)
    return () => clearTimeout(timer)
  }, [text, search, onSearchChange])
  const searchId = useId()
  const hintId = useId()

  const { query, problem } = nameQuery(search)
  const companies = useQuery({
    ...companyQueries.list({ page, pageSize: PAGE_SIZE, query, orderBy: 'name' }),
    placeholderData: keepPreviousData,
    enabled: problem === undefined,
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSearchChange(text.trim())
  }

  return (
    <section className="panel company-picker" aria-labelledby="picker-title">
      <div className="panel-head">
        <h1 id="picker-title">Companies</h1>
      </div>
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
              onChange={(event) => setText(event.target.value)}
              placeholder="e.g. bakery"
              autoComplete="off"
              aria-describedby={hintId}
            />
            <button type="submit" className="primary">
              Search
            </button>
          </div>
          <p id={hintId} className="muted hint">
            Finds names containing the text, ignoring case.
          </p>
        </form>
        <CompanyIdForm onOpen={onOpenCompany} />
      </div>
      <div className="picker-layout">
        <div className="picker-results">
          {problem ? (
            <p className="callout" data-tone="warn" role="alert">
              {problem}
            </p>
          ) : companies.isPending ? (
            <p className="skeleton">Loading companies…</p>
          ) : companies.isError ? (
            <ErrorPanel
              error={companies.error}
              what="companies"
              onRetry={() => void companies.refetch()}
              isRetrying={companies.isFetching}
            />
          ) : companies.data.results.length === 0 ? (
            <p className="muted" role="status">
              {search
                ? `No company name contains “${search}”.`
                : 'This Codat account has no companies yet.'}
            </p>
          ) : (
            <CompanyResults
              companies={companies.data.results}
              total={companies.data.totalResults}
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

interface CompanyResultsProps {
  companies: readonly Company[]
  total: number
  page: number
  search: string
  isPlaceholder: boolean
  onPageChange: (page: number) => void
}

function CompanyResults(props: CompanyResultsProps) {
  const { companies, total, page, search, isPlaceholder, onPageChange } = props
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const first = (page - 1) * PAGE_SIZE + 1
  return (
    <>
      <p className="muted" role="status">
        {search
          ? `${total} compan${total === 1 ? 'y' : 'ies'} matching “${search}”`
          : `${total} companies`}
        {pageCount > 1 && ` · showing ${first}–${first + companies.length - 1}`}
      </p>
      <table className="grid" aria-label="Companies" aria-busy={isPlaceholder}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Company ID</th>
            <th scope="col">Connections</th>
            <th scope="col">Last sync</th>
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
              <td className="mono muted">{company.id}</td>
              <td>
                {(company.dataConnections ?? [])
                  .map((c) =>
                    c.status === 'Linked' ? c.platformName : `${c.platformName} (${c.status})`,
                  )
                  .join(', ') || '—'}
              </td>
              <td>
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
