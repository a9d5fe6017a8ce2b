// Who may ask for a fleet scan now: operators, and everyone on an open console that is not read-only.
import { refreshBlockedReason, type Session } from '../../api/session.ts'

/** Why this session may not start a scan, in words for the disabled button; undefined if it may. */
export function scanBlockedReason(session: Session | undefined): string | undefined {
  if (!session) return 'Checking who you are signed in as…'
  if (session.readOnly) return 'Read-only console: nobody can start a scan (CONSOLE_READ_ONLY).'
  if (session.role === 'viewer')
    return `Signed in as ${session.user ?? 'a viewer'} with the viewer role: only operators can start a scan.`
  return undefined
}

/** Why this session may not choose companies for a bulk refresh: the refresh buttons' words. */
export function bulkBlockedReason(session: Session | undefined): string | undefined {
  if (!session) return 'Checking who you are signed in as…'
  return refreshBlockedReason(session)
}
