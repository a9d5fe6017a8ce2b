// A company's or data type's health as icon + words + colour.
import { Icon } from '../../components/icon.tsx'
import type { CompanyHealth, DataTypeHealth } from '../../lib/health.ts'
import { HEALTH_LOOK } from './health-look.ts'

export function HealthBadge({ health }: { health: CompanyHealth | DataTypeHealth }) {
  const look = HEALTH_LOOK[health]
  return (
    <span className="badge" data-tone={look.tone} data-health={health}>
      <Icon path={look.icon} />
      {look.label}
    </span>
  )
}
