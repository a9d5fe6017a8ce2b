// The companies opened lately in this browser, one click away; clearable.
import { Link } from '@tanstack/react-router'
import { RelativeTime } from '../../components/relative-time.tsx'
import { useRecentCompanies } from './recent-companies.ts'

export function RecentCompaniesList() {
  const { companies, clear } = useRecentCompanies()
  return (
    <section className="recent-companies" aria-labelledby="recent-title">
      <div className="row">
        <h2 id="recent-title" className="grow">
          Recently opened
        </h2>
        {companies.length > 0 && (
          <button
            type="button"
            className="small"
            onClick={clear}
            aria-label="Clear recently opened companies"
          >
            Clear
          </button>
        )}
      </div>
      {companies.length === 0 ? (
        <p className="muted">Companies you open appear here, in this browser only.</p>
      ) : (
        <ul>
          {companies.map((company) => (
            <li key={company.id}>
              <Link to="/companies/$companyId" params={{ companyId: company.id }}>
                {company.name}
              </Link>
              <span className="muted">
                opened{' '}
                <RelativeTime
                  date={{
                    raw: new Date(company.openedAt).toISOString(),
                    epochMs: company.openedAt,
                    zone: 'utc',
                  }}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
