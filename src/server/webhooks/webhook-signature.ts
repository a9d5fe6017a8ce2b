// Standard Webhooks signatures as Codat sends them: the three headers, the timestamp window, the HMAC over the raw body.
import type { IncomingHttpHeaders } from 'node:http'
import { Webhook } from 'standardwebhooks'
import type { WebhookRefusalReason } from '../../api/fleet-schemas.ts'

/** The headers standardwebhooks verifies, by its own names. */
export interface SignedHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/** The verifier's tolerance (standardwebhooks and Svix): a delivery signed longer ago is a replay. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60

const ID = /^[\x21-\x7e]{1,256}$/
const TIMESTAMP = /^\d{1,12}$/
/** `v1,` and a base64 HMAC-SHA256 (32 bytes: 43 characters and one `=`). */
const V1_SIGNATURE = /^v1,[A-Za-z0-9+/]{43}=$/

/**
 * Codat's documented names (`webhook-*`) first, then Svix's branded ones (`svix-*`), header by
 * header. Undefined when one is missing or malformed, including a signature header with no
 * `v1,<HMAC>` entry.
 */
export function readSignedHeaders(headers: IncomingHttpHeaders): SignedHeaders | undefined {
  const read = (name: string) => {
    const value = headers[`webhook-${name}`] ?? headers[`svix-${name}`]
    return typeof value === 'string' ? value.trim() : ''
  }
  const signed = {
    'webhook-id': read('id'),
    'webhook-timestamp': read('timestamp'),
    'webhook-signature': read('signature'),
  }
  if (!ID.test(signed['webhook-id']) || !TIMESTAMP.test(signed['webhook-timestamp'])) return
  const entries = signed['webhook-signature'].split(' ')
  if (entries.length > 16 || !entries.some((entry) => V1_SIGNATURE.test(entry))) return
  return signed
}

/** 'stale' when the timestamp is outside the window either way (a replay, or a clock far off). */
export function timestampRefusal(signed: SignedHeaders, nowMs: number): 'stale' | undefined {
  const skew = Math.floor(nowMs / 1000) - Number(signed['webhook-timestamp'])
  return Math.abs(skew) > TIMESTAMP_TOLERANCE_S ? 'stale' : undefined
}

/**
 * Checks the whole signature over the raw body with each configured secret (several during a
 * rotation). A well-formed signature that matches none is all HMAC can say: signed with a secret
 * this console does not have, or a body changed on the way; the two cannot be told apart.
 */
export function createSignatureCheck(
  secrets: readonly string[],
): (payload: string, signed: SignedHeaders, nowMs: number) => WebhookRefusalReason | undefined {
  const verifiers = secrets.map((secret) => new Webhook(secret))
  return (payload, signed, nowMs) => {
    // The body took a few seconds at most; the window is checked again so a late one says why.
    const stale = timestampRefusal(signed, nowMs)
    if (stale) return stale
    const isGenuine = verifiers.some((verifier) => {
      try {
        verifier.verify(payload, signed, { jsonParse: false })
        return true
      } catch {
        return false
      }
    })
    return isGenuine ? undefined : 'signature'
  }
}
