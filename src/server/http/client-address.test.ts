// @vitest-environment node
// Which address the logs and the sign-in throttle see, with and without trusted reverse proxies.
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { clientAddress } from './client-address.ts'

const request = (peer: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as unknown as IncomingMessage

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY says proxies stand in front', () => {
    expect(clientAddress(request('::ffff:10.0.0.5', '1.2.3.4'), 0)).toBe('10.0.0.5')
  })

  it('believes only the entries the trusted proxies appended', () => {
    const forged = request('10.0.0.5', '6.6.6.6, 198.51.100.4')
    expect(clientAddress(forged, 1)).toBe('198.51.100.4')
    expect(clientAddress(request('10.0.0.5', '6.6.6.6, 198.51.100.4, 10.0.0.9'), 2)).toBe(
      '198.51.100.4',
    )
  })

  it('falls back to the peer when the header is missing or not an address', () => {
    expect(clientAddress(request('10.0.0.5'), 1)).toBe('10.0.0.5')
    expect(clientAddress(request('10.0.0.5', 'unknown'), 1)).toBe('10.0.0.5')
  })
})
