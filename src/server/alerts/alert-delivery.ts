// One POST of one alert: Block Kit to Slack, or JSON signed with Standard Webhooks, bounded in time and size.
import { Webhook } from 'standardwebhooks'
import { retryAfterSeconds } from '../fleet/rate-gate.ts'
import type { AlertMessage } from '../../lib/alert-message.ts'
import type { AlertChannel } from '../config/alert-settings.ts'
import { slackBody } from '../../lib/alert-slack.ts'

export type DeliveryResult =
  | { isDelivered: true }
  | {
      isDelivered: false
      error: string
      /** No retry can help (the URL is gone, the body refused): give the message up. */
      isPermanent: boolean
      /** The receiver asked for this wait (429 Retry-After). */
      retryAfterMs?: number
    }

/** Enough of an error answer to say why ("invalid_blocks", "no_service"). */
const ERROR_TEXT_CHARS = 200

export async function deliverAlert(
  channel: AlertChannel,
  message: AlertMessage,
  { timeoutMs, nowMs = Date.now() }: { timeoutMs: number; nowMs?: number },
): Promise<DeliveryResult> {
  const body = JSON.stringify(channel.kind === 'slack' ? slackBody(message) : message)
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'codat-refresh-console-alerts',
  }
  if (channel.kind === 'webhook') {
    // The same scheme Codat signs its own webhooks with: receivers verify with standardwebhooks.
    const timestamp = new Date(Math.floor(nowMs / 1000) * 1000)
    headers['webhook-id'] = message.id
    headers['webhook-timestamp'] = String(timestamp.getTime() / 1000)
    headers['webhook-signature'] = new Webhook(channel.secret).sign(message.id, timestamp, body)
  }
  let response: Response
  try {
    response = await fetch(channel.url, {
      method: 'POST',
      headers,
      body,
      // A redirect could carry the message elsewhere: webhooks answer where they are.
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (error) {
    const isTimeout = error instanceof Error && error.name === 'TimeoutError'
    return {
      isDelivered: false,
      error: isTimeout
        ? `no answer within ${timeoutMs} ms`
        : `could not reach ${channel.url.host}: ${causeOf(error)}`,
      isPermanent: false,
    }
  }
  const text = await readStart(response)
  if (response.ok) return { isDelivered: true }
  const status = response.status
  const said = text ? `: ${text}` : ''
  if (status === 429)
    return {
      isDelivered: false,
      error: `rate limited (429)${said}`,
      isPermanent: false,
      retryAfterMs: retryAfterSeconds(response.headers.get('retry-after'), nowMs) * 1000,
    }
  return {
    isDelivered: false,
    error: `${channel.url.host} answered ${status}${said}`,
    // 408 and 5xx may pass; any other refusal will be the same next time.
    isPermanent: status !== 408 && status < 500,
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  return cause instanceof Error ? cause.message : String(cause)
}

/** The first bytes of the answer as one line; the rest is not read. */
async function readStart(response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < ERROR_TEXT_CHARS * 4) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // An answer cut off is still an answer: its status says enough.
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, ERROR_TEXT_CHARS)
}
