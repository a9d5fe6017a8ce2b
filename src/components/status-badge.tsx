// A pull-operation status as icon + text + colour (never colour alone).
import { statusGroup, type StatusGroup } from '../lib/status-groups.ts'
import { Icon } from './icon.tsx'

type BadgeGroup = StatusGroup | 'never-synced'

const LOOK: Record<BadgeGroup, { tone: string; label: string; icon: string }> = {
  'in-progress': {
    tone: 'info',
    label: 'In progress',
    icon: 'M8 2a6 6 0 1 0 6 6h-2a4 4 0 1 1-4-4z',
  },
  success: { tone: 'ok', label: 'Success', icon: 'M3 8.5l3 3 7-7' },
  error: { tone: 'error', label: 'Error', icon: 'M4 4l8 8M12 4l-8 8' },
  relink: {
    tone: 'warn',
    label: 'Needs relink',
    icon: 'M6 10l4-4M5 7L3.5 8.5a2.5 2.5 0 0 0 3.5 3.5L8.5 11M11 9l1.5-1.5A2.5 2.5 0 0 0 9 4L7.5 5.5',
  },
  'not-supported': { tone: 'neutral', label: 'Not supported', icon: 'M3 8h10' },
  cancelled: { tone: 'neutral', label: 'Cancelled', icon: 'M4 4l8 8' },
  unknown: {
    tone: 'warn',
    label: 'Unknown',
    icon: 'M6 6a2 2 0 1 1 2.5 2c-.4.2-.5.5-.5 1v1M8 12.5v.5',
  },
  'never-synced': { tone: 'neutral', label: 'Never synced', icon: 'M8 3v5l3 2' },
}

interface StatusBadgeProps {
  /** Codat's status value, verbatim; `undefined` means the data type never synced. */
  status: string | undefined
}

export function StatusBadge({ status }: StatusBadgeProps) {
  const group: BadgeGroup = status === undefined ? 'never-synced' : statusGroup(status)
  const look = LOOK[group]
  const text =
    status === undefined ? 'Never synced' : group === 'unknown' ? `Unknown: ${status}` : status
  return (
    <span className="badge" data-tone={look.tone} data-group={group} title={look.label}>
      <Icon path={look.icon} />
      {text}
    </span>
  )
}
