// The table's filters: health, data type, platform (the name is the home page's one search).
// Each change goes to the URL.
import { useId } from 'react'
import type { FleetSearch } from '../../api/fleet-schemas.ts'
import { COMPANY_HEALTHS, type CompanyHealth } from '../../lib/health.ts'
import { DATA_TYPES } from '../../lib/status-groups.ts'
import { HEALTH_LOOK } from './health-look.ts'

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

export type FleetFilterChange = Partial<Pick<FleetSearch, 'health' | 'dataType' | 'platform'>>

interface FleetFiltersProps {
  search: FleetSearch
  /** Platforms seen in the fleet so far, offered besides the common ones. */
  seenPlatforms: readonly string[]
  onChange: (change: FleetFilterChange) => void
}

export function FleetFilters({ search, seenPlatforms, onChange }: FleetFiltersProps) {
  const healthId = useId()
  const typeId = useId()
  const platformId = useId()
  const platforms = [
    ...new Set([
      ...KNOWN_PLATFORMS,
      ...seenPlatforms,
      ...(search.platform ? [search.platform] : []),
    ]),
  ].sort()
  const hasFilters = Boolean(search.health || search.dataType || search.platform)
  return (
    <form
      className="fleet-filters"
      aria-label="Fleet filters"
      onSubmit={(event) => event.preventDefault()}
    >
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
          onClick={() => onChange({ health: undefined, dataType: undefined, platform: undefined })}
        >
          Clear filters
        </button>
      )}
    </form>
  )
}
