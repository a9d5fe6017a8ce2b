// How each health looks: words, tone and icon (never colour alone), and a problem in one line.
import type { FleetProblem } from '../../api/fleet-schemas.ts'
import { describeFailureRun, type FailureRunTextOptions } from '../../lib/failure-run.ts'
import { describeRelinkStatus, type CompanyHealth, type DataTypeHealth } from '../../lib/health.ts'
import { describeTypeState } from '../../lib/type-state-text.ts'

export interface HealthLook {
  label: string
  tone: 'ok' | 'error' | 'warn' | 'info' | 'neutral'
  /** SVG path in a 16×16 box. */
  icon: string
}

export const HEALTH_LOOK: Readonly<Record<DataTypeHealth | CompanyHealth, HealthLook>> = {
  needs_relink: {
    label: 'Needs relink',
    tone: 'warn',
    icon: 'M6 10l4-4M5 7L3.5 8.5a2.5 2.5 0 0 0 3.5 3.5L8.5 11M11 9l1.5-1.5A2.5 2.5 0 0 0 9 4L7.5 5.5',
  },
  failing: { label: 'Failing', tone: 'error', icon: 'M4 4l8 8M12 4l-8 8' },
  stale: { label: 'Stale', tone: 'warn', icon: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 5v3l2 2' },
  in_progress: { label: 'In progress', tone: 'info', icon: 'M8 2a6 6 0 1 0 6 6h-2a4 4 0 1 1-4-4z' },
  never_synced: { label: 'Never synced', tone: 'neutral', icon: 'M8 3v5l3 2' },
  healthy: { label: 'Healthy', tone: 'ok', icon: 'M3 8.5l3 3 7-7' },
  no_connections: { label: 'No connections', tone: 'neutral', icon: 'M3 8h10' },
  not_supported: { label: 'Not supported', tone: 'neutral', icon: 'M3 8h10' },
  other: {
    label: 'Other status',
    tone: 'neutral',
    icon: 'M6 6a2 2 0 1 1 2.5 2c-.4.2-.5.5-.5 1v1M8 12.5v.5',
  },
}

/**
 * One problem of a fleet row, parts left out when unknown: a failing type reads as the "Why?"
 * panel says it ("invoices: FetchError, 3 failures in a row since 8 Jun 2026, 12:00 UTC"),
 * the others as the company screen says them ("invoices: stale for 2 days, fetching now").
 */
export function describeProblem(
  problem: FleetProblem,
  nowMs: number,
  options: FailureRunTextOptions = {},
): string {
  // "Xero connection: pending authorisation — relink"
  const relink =
    problem.health === 'needs_relink' ? describeRelinkStatus(problem.status) : undefined
  if (relink) return `${problem.dataType}: ${relink}`
  if (problem.health === 'failing') {
    const { dataType, status, since, failuresInARow } = problem
    return describeFailureRun({ dataType, status, since, failuresInARow }, options)
  }
  return describeTypeState(problem, nowMs)
}
