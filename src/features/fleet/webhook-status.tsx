// The webhook part of the freshness line: when a delivery was last accepted, and what was refused in the last hour and why.
import type { FleetWebhooks } from '../../api/fleet-schemas.ts'
import { formatRelative } from '../../lib/dates.ts'

const count = new Intl.NumberFormat('en-GB')

/**
 * In words a maintainer can act on. A well-formed signature that matches no configured secret is
 * as far as HMAC can see: it cannot tell a secret this console lacks from a body changed on the way.
 */
const REASON_WORDS: Record<string, string> = {
  headers: 'signature headers missing or malformed',
  stale: 'timestamp more than 5 minutes off',
  signature:
    "signature matches none of the secrets in CODAT_WEBHOOK_SECRET (a different endpoint's secret, or a changed body)",
  body: 'body too large or too slow',
}

function reasonWords(reason: string): string {
  return REASON_WORDS[reason] ?? `unknown: ${reason}`
}

export function WebhookStatus({ webhooks, now }: { webhooks: FleetWebhooks; now: number }) {
  const { refused } = webhooks
  const when = (iso: string) => formatRelative(Date.parse(iso), now)
  return (
    <>
      <span>
        Webhooks:{' '}
        {!webhooks.configured
          ? 'not configured'
          : webhooks.lastEventAt
            ? `last delivery accepted ${when(webhooks.lastEventAt)}`
            : 'no delivery accepted yet'}
      </span>
      {refused.lastHour > 0 && (
        <span className="fleet-webhooks-refused">
          {count.format(refused.lastHour)} refused in the last hour
          {refused.lastAt ? ` (last ${when(refused.lastAt)})` : ''}:{' '}
          {refused.byReason
            .map(({ reason, count: n }) => `${count.format(n)} ${reasonWords(reason)}`)
            .join('; ')}
        </span>
      )}
    </>
  )
}
