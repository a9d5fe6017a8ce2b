// Security headers set on every answer: API responses and the console's pages alike.
import type { ServerResponse } from 'node:http'

// React's `style` props are written through CSSOM, which style-src does not govern, and the
// production build ships its CSS as files, so no 'unsafe-inline' is needed anywhere.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * `csp: false` leaves the policy out, for the Vite dev server's pages only: its HMR client and
 * React refresh preamble need inline script and a WebSocket. API answers always carry it.
 */
export function setSecurityHeaders(
  res: ServerResponse,
  { csp = true }: { csp?: boolean } = {},
): void {
  if (csp) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}
