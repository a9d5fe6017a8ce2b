// The client's address for logs and the sign-in throttle: the socket's peer, or X-Forwarded-For behind TRUST_PROXY hops.
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

/**
 * Each trusted reverse proxy appends the address it saw to X-Forwarded-For, so with `hops` of them
 * in front the client is the `hops`-th entry from the right; entries further left are whatever the
 * client wrote and are never believed. With `hops` 0 the header is ignored altogether.
 */
export function clientAddress(req: IncomingMessage, hops: number): string {
  const peer = plain(req.socket.remoteAddress ?? '') || 'unknown'
  if (hops === 0) return peer
  const header = req.headers['x-forwarded-for']
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (entries.length === 0) return peer
  const candidate = plain(entries[Math.max(0, entries.length - hops)] ?? '')
  return isIP(candidate) === 0 ? peer : candidate
}

/** `::ffff:10.0.0.1` is the IPv4 client 10.0.0.1 on a dual-stack socket. */
function plain(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1')
}
