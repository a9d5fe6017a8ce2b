// One tile per health with its count, each a link that filters the table; and the total.
import { Link } from '@tanstack/react-router'
import type { FleetSummary } from '../../api/fleet-schemas.ts'
import { Icon } from '../../components/icon.tsx'
import { COMPANY_HEALTHS } from '../../lib/health.ts'
import { HEALTH_LOOK } from './health-look.ts'

const count = new Intl.NumberFormat('en-GB')

// A tile is current only when the URL's health matches it (the router then sets aria-current).
const TILE_ACTIVE = { includeSearch: true, explicitUndefined: true } as const

export function FleetTiles({ summary }: { summary: FleetSummary }) {
  return (
    <nav className="fleet-tiles" aria-label="Companies by health">
      <Link
        to="/"
        search={(prev) => ({ ...prev, health: undefined, page: undefined })}
        activeOptions={TILE_ACTIVE}
        className="fleet-tile"
        data-tone="total"
      >
        <span className="fleet-tile-count">{count.format(summary.total)}</span>
        <span className="fleet-tile-label">All companies</span>
      </Link>
      {COMPANY_HEALTHS.map((health) => {
        const look = HEALTH_LOOK[health]
        const n = summary.byHealth[health]
        return (
          <Link
            key={health}
            to="/"
            search={(prev) => ({ ...prev, health, page: undefined })}
            activeOptions={TILE_ACTIVE}
            className="fleet-tile"
            data-tone={look.tone}
            data-empty={n === 0 || undefined}
          >
            <span className="fleet-tile-count">{count.format(n)}</span>
            <span className="fleet-tile-label">
              <Icon path={look.icon} />
              {look.label}
            </span>
          </Link>
        )
      })}
    </nav>
  )
}
