// The alert part of the Fleet's status: a broken channel in one line, and for operators a "Send test alert" button with its answer.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { fleetKeys, sendTestAlert } from '../../api/fleet.ts'
import type { FleetAlerts } from '../../api/fleet-schemas.ts'
import { formatRelative } from '../../lib/dates.ts'

const count = new Intl.NumberFormat('en-GB')

/** Said only when something is wrong: a channel that works needs no words on the screen. */
export function AlertChannelLine({ alerts, now }: { alerts: FleetAlerts; now: number }) {
  if (!alerts.configured || !alerts.brokenSince) return null
  return (
    <span className="fleet-alerts-broken">
      Alerts not getting through since {formatRelative(Date.parse(alerts.brokenSince), now)}
      {alerts.lastError ? `: ${alerts.lastError}` : ''}
      {alerts.waiting > 0 ? ` (${count.format(alerts.waiting)} waiting)` : ''}
    </span>
  )
}

/** For operators on a console whose alerts are configured. */
export function AlertTestButton() {
  const queryClient = useQueryClient()
  const test = useMutation({
    mutationFn: sendTestAlert,
    // Pending until the status line shows the channel as the send left it.
    onSettled: () => queryClient.invalidateQueries({ queryKey: fleetKeys.all }),
  })
  const answer = test.isPending
    ? undefined
    : test.isError
      ? `Test alert not sent: ${test.error.message}`
      : test.data
        ? test.data.isSent
          ? 'Test alert sent.'
          : `Test alert not sent: ${test.data.error ?? 'no answer from the channel'}`
        : undefined
  return (
    <div className="fleet-alert-test">
      <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
        {test.isPending ? 'Sending…' : 'Send test alert'}
      </button>
      <span className="muted" aria-live="polite">
        {answer}
      </span>
    </div>
  )
}
