// One line on how fresh the fleet is: last and next full scan, progress, pause, webhooks (and refusals), a broken alert channel; and "Scan now".
import type { FleetScan } from '../../api/fleet-schemas.ts'
import { useTimeZone } from '../../components/use-time-zone.ts'
import { formatInstant, formatRelative } from '../../lib/dates.ts'
import { AlertChannelLine, AlertTestButton } from './alert-status.tsx'
import { WebhookStatus } from './webhook-status.tsx'

const count = new Intl.NumberFormat('en-GB')

interface FleetFreshnessProps {
  scan: FleetScan
  now: number
  /** Why the scan button is disabled for this session, if it is. */
  blockedReason: string | undefined
  isRequesting: boolean
  onScan: () => void
  /** The same people who may scan may send a test alert, when alerts are configured. */
  canTestAlerts?: boolean
}

function when(iso: string, now: number): string {
  return formatRelative(Date.parse(iso), now)
}

export function FleetFreshness({
  scan,
  now,
  blockedReason,
  isRequesting,
  onScan,
  canTestAlerts = false,
}: FleetFreshnessProps) {
  const progress = scan.progress
  const { timeZone } = useTimeZone()
  const clock = (iso: string) =>
    formatInstant(Date.parse(iso), { timeZone, style: 'clock-minutes' })
  const isRunning = scan.state === 'running'
  // Asked for moments ago (here or by anyone): a second press would be the same scan.
  const askedUntil =
    !isRunning && scan.nextRequestAt && Date.parse(scan.nextRequestAt) > now
      ? scan.nextRequestAt
      : undefined
  const reasonId = 'fleet-scan-blocked'
  const reason =
    blockedReason ??
    (askedUntil &&
      `A scan was asked for moments ago; Scan now is open again at ${clock(askedUntil)}.`)
  return (
    <div className="fleet-freshness">
      <p className="fleet-freshness-line" aria-live="polite">
        <span>
          {scan.lastCompletedAt
            ? `Last full scan finished ${when(scan.lastCompletedAt, now)}`
            : 'No full scan has finished yet'}
        </span>
        {scan.state === 'idle' && scan.nextScanAt && (
          <span>
            next starts{' '}
            {Date.parse(scan.nextScanAt) <= now ? 'now' : `at ${clock(scan.nextScanAt)}`}
          </span>
        )}
        {isRunning && progress && (
          <span className="fleet-progress">
            <progress
              value={progress.done}
              max={Math.max(progress.total, 1)}
              aria-label="Scan progress"
            />
            Scanning: {count.format(progress.done)} of {count.format(progress.total)} companies
          </span>
        )}
        {scan.state === 'paused' && (
          <span className="fleet-paused">
            Scan paused. {scan.pauseReason ?? 'Waiting'}
            {scan.pausedUntil ? `: resumes at ${clock(scan.pausedUntil)}` : ''}
          </span>
        )}
        {scan.lastScanPartial && (
          <span className="fleet-partial">
            That scan was partial ({scan.lastScanPartial}), so no company was removed
          </span>
        )}
        <WebhookStatus webhooks={scan.webhooks} now={now} />
        {scan.alerts && <AlertChannelLine alerts={scan.alerts} now={now} />}
      </p>
      <div className="fleet-actions">
        <div className="fleet-scan-action">
          <button
            type="button"
            onClick={onScan}
            disabled={blockedReason !== undefined || isRunning || isRequesting || !!askedUntil}
            aria-describedby={reason ? reasonId : undefined}
          >
            {isRunning
              ? 'Scan running…'
              : isRequesting
                ? 'Asking…'
                : askedUntil
                  ? 'Scan asked for'
                  : 'Scan now'}
          </button>
          {reason && (
            <span id={reasonId} className="muted fleet-scan-reason">
              {reason}
            </span>
          )}
        </div>
        {canTestAlerts && scan.alerts?.configured && <AlertTestButton />}
      </div>
    </div>
  )
}
