// CSRF guard for state-changing requests, modelled on Go's http.CrossOriginProtection.
import type { IncomingMessage } from 'node:http'

/**
 * Browsers send Sec-Fetch-Site; older ones at least Origin. A request with neither comes from a
 * script or SDK, which cannot ride on a signed-in browser's credentials, so it passes.
 */
export function isCrossOriginRequest(req: IncomingMessage): boolean {
  const site = single(req.headers['sec-fetch-site'])
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  const origin = single(req.headers.origin)
  if (origin === undefined) return false
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return true
  }
  return originHost !== (req.headers.host ?? '').toLowerCase()
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value?.trim().toLowerCase()
}
