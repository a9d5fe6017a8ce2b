// Writes the proxy's own JSON answers in Codat's ErrorMessage shape, so the console shows them like Codat's.
import type { ServerResponse } from 'node:http'
import { closeIfBodyUnread } from './unread-body.ts'

export interface ProxyErrorBody {
  statusCode: number
  service: 'ConsoleProxy'
  error: string
  correlationId: string
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  // An answer given before the request body was read (401, 404, 405, 413 …) closes the connection.
  if (res.req) closeIfBodyUnread(res.req, res)
  const text = JSON.stringify(body)
  res.statusCode = status
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.setHeader('Cache-Control', 'no-store')
  res.end(text)
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  correlationId: string,
  headers: Record<string, string> = {},
): void {
  const body: ProxyErrorBody = { statusCode: status, service: 'ConsoleProxy', error, correlationId }
  sendJson(res, status, body, { 'X-Request-Id': correlationId, ...headers })
}
