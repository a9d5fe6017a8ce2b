// The Fleet's recent alerts: what the rules told, newest first, and how each went; the demo's alerts live only here.
import { useQuery } from '@tanstack/react-query'
import { fleetQueries } from '../../api/fleet.ts'
import { RECENT_ALERTS, type RecentAlert, type RecentAlerts } from '../../api/fleet-schemas.ts'
import { formatRelative } from '../../lib/dates.ts'

const DAY_MS = 86_400_000
const count = new Intl.NumberFormat('en-GB')

const CHANNEL_WORDS: Record<NonNullable<RecentAlerts['channel']>, string> = {
  webhook: 'Sent to the alert webhook (ALERT_WEBHOOK_URL)',
  slack: 'Sent to Slack (ALERT_WEBHOOK_URL)',
  'in-page': 'Shown here only: the demo sends nothing',
}

function deliveryWords(item: RecentAlert): string | undefined {
  switch (item.delivery) {
    case 'sent':
      return undefined
    case 'shown':
      return undefined
    case 'waiting':
      return item.lastError
        ? `Not sent yet: ${item.lastError} (tried ${count.format(item.attempts)}×, retrying)`
        : 'Waiting to be sent'
    case 'given-up':
      return `Given up after ${count.format(item.attempts)} tries${item.lastError ? `: ${item.lastError}` : ''}`
  }
}

/** Nothing while alerts are off (the Fleet's settings say how to turn them on). */
export function RecentAlertsPanel({ now }: { now: number }) {
  const alerts = useQuery(fleetQueries.alerts())
  const data = alerts.data
  if (!data || data.channel === null) return null
  const lastDay = data.items.filter((item) => now - Date.parse(item.at) < DAY_MS).length
  const newest = data.items[0]
  return (
    <details className="fleet-recent-alerts">
      <summary>
        <span className="fleet-recent-alerts-title">Recent alerts</span>{' '}
        <span className="muted">
          {newest
            ? `${count.format(lastDay)} in the last day · newest ${formatRelative(Date.parse(newest.at), now)}: ${newest.title}`
            : 'none yet'}
        </span>
      </summary>
      <p className="muted fleet-recent-alerts-channel">
        {CHANNEL_WORDS[data.channel]}; newest first
        {data.items.length >= RECENT_ALERTS ? `, the latest ${count.format(RECENT_ALERTS)}` : ''}.
      </p>
      {data.items.length > 0 && (
        <ol className="fleet-recent-alerts-list">
          {data.items.map((item) => {
            const delivery = deliveryWords(item)
            return (
              <li key={item.id} data-delivery={item.delivery}>
                <div className="fleet-recent-alert-head">
                  <strong>{item.title}</strong>
                  <time className="muted" dateTime={item.at} title={item.at}>
                    {formatRelative(Date.parse(item.at), now)}
                  </time>
                </div>
                <p className="fleet-recent-alert-text">{item.text}</p>
                {item.error && <p className="fleet-recent-alert-error">Codat said: {item.error}</p>}
                {delivery && <p className="fleet-recent-alert-delivery">{delivery}</p>}
                {item.links.length > 0 && (
                  <p className="fleet-recent-alert-links">
                    {item.links.map((link) => (
                      <a key={link.url} href={link.url}>
                        {link.label}
                      </a>
                    ))}
                  </p>
                )}
              </li>
            )
          })}
        </ol>
      )}
    </details>
  )
}
