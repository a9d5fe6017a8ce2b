// The table's filters: name or pasted ID, health, data type, platform. Each change goes to the URL.
import { useEffect, useId, useState } from 'react'
import type { FleetSearch } from '../../api/fleet-schemas'
import { COMPANY_HEALTHS, type CompanyHealth } from '../../lib/health'
import { DATA_TYPES } from '../../lib/status-groups'
import { HEALTH_LOOK } from './health-look'

/** Platforms Codat integrates with that a fleet commonly holds; the ones seen are added. */
const KNOWN_PLATFORMS = [
  'Xero',
  'QuickBooks Online',
  'QuickBooks Desktop',
  'Sage Business Cloud Accounting',
  'Sage Intacct',
  'Oracle NetSuite',
  'FreeAgent',
  'Microsoft Dynamics 365 Business Central',
  'MYOB Business',
  'Zoho Books',
  'Plaid',
  'Basiq',
  'TrueLayer',
  'Shopify',
  'Square',
  'Stripe',
  'PayPal',
  'Amazon Seller Central',
  'WooCommerce',
]

export type FleetFilterChange = Partial<Pick<FleetSearch, 'q' | 'health' | 'dataType' | 'platform'>>

interface FleetFiltersProps {
  search: FleetSearch
  /** Platforms seen in the fleet so far, offered besides the common ones. */
  seenPlatforms: readonly string[]
  onChange: (change: FleetFilterChange) => void
}

export function FleetFilters({ search, seenPlatforms, onChange }: FleetFiltersProps) {
  const nameId = useId()
  const healthId = useId()
  const typeId = useId()
  const platformId = useId()
  const [text, setText] = useState(search.q ?? '')
  const [previous, setPrevious] = useState(search.q)
  // The URL changed (back button, a tile, Clear): show what it says.
  if (search.q !== previous) {
    setPrevious(search.q)
    setText(search.q ?? '')
  }
  useEffect(() => {
    const wanted = text.trim() || undefined
    if (wanted === search.q) return
    const timer = setTimeout(() => onChange({ q: wanted }), 300)
    return () => clearTimeout(timer)
  }, [text, search.q, onChange])
  const platforms = [
    ...new Set([
      ...KNOWN_PLATFORMS,
      ...seenPlatforms,
      ...(search.platform ? [search.platform] : []),
    ]),
  ].sort()
  const hasFilters = Boolean(search.q || search.health || search.dataType || search.platform)
  return (
    <form
      className="fleet-filters"
      role="search"
      aria-label="Filter companies"
      onSubmit={(event) => event.preventDefault()}
    >
      <span className="fleet-filter fleet-filter-name">
        <label htmlFor={nameId}>Name or company ID</label>
        <input
          id={nameId}
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="e.g. bakery"
          autoComplete="off"
        />
      </span>
      <span className="fleet-filter">
        <label htmlFor={healthId}>Health</label>
        <select
          id={healthId}
          value={search.health ?? ''}
          onChange={(event) =>
            onChange({ health: (event.target.value || undefined) as CompanyHealth | undefined })
          }
        >
          <option value="">Any health</option>
          {COMPANY_HEALTHS.map((health) => (
            <option key={health} value={health}>
              {HEALTH_LOOK[health].label}
            </option>
          ))}
        </select>
      </span>
      <span className="fleet-filter">
        <label htmlFor={typeId}>Problem with data type</label>
        <select
          id={typeId}
          value={search.dataType ?? ''}
          onChange={(event) => onChange({ dataType: event.target.value || undefined })}
        >
          <option value="">Any data type</option>
          {DATA_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </span>
      <span className="fleet-filter">
        <label htmlFor={platformId}>Platform</label>
        <select
          id={platformId}
          value={search.platform ?? ''}
          onChange={(event) => onChange({ platform: event.target.value || undefined })}
        >
          <option value="">Any platform</option>
          {platforms.map((platform) => (
            <option key={platform} value={platform}>
              {platform}
            </option>
          ))}
        </select>
      </span>
      {hasFilters && (
        <button
          type="button"
          className="small"
          onClick={() =>
            onChange({ q: undefined, health: undefined, dataType: undefined, platform: undefined })
          }
        >
          Clear filters
        </button>
      )}
    </form>
  )
}
