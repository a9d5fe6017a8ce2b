// Find a company: search by name through Codat's query, or paste a company ID.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useEffect, useState, type FormEvent } from 'react'
import { companyQueries } from '../../api/companies'
import { ErrorPanel } from '../../components/error-panel'
import { RelativeTime } from '../../components/relative-time'

const PAGE_SIZE = 20
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface CompanyPickerProps {
  search: string
  page: number
  onSearchChange: (search: string) => void
  onPageChange: (page: number) => void
  onOpenCompany: (companyId: string) => void
}

export function CompanyPicker({
  search,
  page,
  onSearchChange,
  onPageChange,
  onOpenCompany,
}: CompanyPickerProps) {
  const [text, setText] = useState(search)
  useEffect(() => setText(search), [search])
  // Debounce typing so each keystroke does not cost a Codat request.
  useEffect(() => {
    if (text.trim() === search) return
    const timer = setTimeout(() => onSearchChange(text.trim()), 300)
    return () => clearTimeout(timer)
  }, [text, search, onSearchChange])

  const pastedId = UUID.test(text.trim()) ? text.trim() : undefined
  const query =
    search && !UUID.test(search) ? `name~${search.replace(/[&|{}=!~<>]/g, ' ').trim()}` : undefined
  const companies = useQuery({
    ...companyQueries.list({ page, pageSize: PAGE_SIZE, query, orderBy: 'name' }),
    placeholderData: keepPreviousData,
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (pastedId) onOpenCompany(pastedId)
    else onSearchChange(text.trim())
  }

  const total = companies.data?.totalResults ?? 0
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  return (
    <section className="panel" aria-labelledby="picker-title">
      <div className="panel-head">
        <h1 id="picker-title" className="grow">
          Companies
        </h1>
      </div>
      <form className="row" role="search" onSubmit={submit}>
        <label htmlFor="company-search">Search by name or paste a company ID</label>
        <input
          id="company-search"
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="e.g. Acme or 8a210b68-6988-11ed-a1eb-0242ac120002"
          size={44}
          autoComplete="off"
        />
        <button type="submit" className="primary">
          {pastedId ? 'Open company' : 'Search'}
        </button>
      </form>
      <LooksLikeId text={text} />
      <div style={{ marginTop: 12 }}>
        {companies.isPending ? (
          <p className="skeleton">Loading companies…</p>
        ) : companies.isError ? (
          <ErrorPanel
            error={companies.error}
            what="companies"
            onRetry={() => void companies.refetch()}
            isRetrying={companies.isFetching}
          />
        ) : companies.data.results.length === 0 ? (
          <p className="muted">
            {search
              ? `No company name contains “${search}”.`
              : 'This Codat account has no companies yet.'}
          </p>
        ) : (
          <>
            <table className="grid" aria-label="Companies" aria-busy={companies.isPlaceholderData}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Company ID</th>
                  <th scope="col">Connections</th>
                  <th scope="col">Last sync</th>
                </tr>
              </thead>
              <tbody>
                {companies.data.results.map((company) => (
                  <tr key={company.id}>
                    <td>
                      <Link to="/companies/$companyId" params={{ companyId: company.id }}>
                        {company.name}
                      </Link>
                    </td>
                    <td className="mono muted">{company.id}</td>
                    <td>
                      {(company.dataConnections ?? []).map((c) => c.platformName).join(', ') || '—'}
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
            <nav className="row" aria-label="Company pages" style={{ marginTop: 12 }}>
              <button type="button" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
                Previous
              </button>
              <span>
                Page {page} of {pageCount} · {total} companies
              </span>
              <button
                type="button"
                onClick={() => onPageChange(page + 1)}
                disabled={page >= pageCount || companies.isPlaceholderData}
              >
                Next
              </button>
            </nav>
          </>
        )}
      </div>
    </section>
  )
}

function LooksLikeId({ text }: { text: string }) {
  const value = text.trim()
  // Something ID-shaped (long, hex and dashes) that is not a valid UUID deserves a hint.
  if (value.length < 20 || UUID.test(value) || !/^[0-9a-f-]+$/i.test(value)) return null
  return (
    <p className="muted" role="status">
      “{value}” looks like an ID but is not a valid company ID: Codat company IDs are UUIDs
      (8-4-4-4-12 hexadecimal digits).
    </p>
  )
}
