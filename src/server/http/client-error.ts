// Node's own answers to requests it cannot parse (400, 408, 431), with the console's security headers.
import type { Duplex } from 'node:stream'
import { CONTENT_SECURITY_POLICY } from './security-headers.ts'

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
}

/** For `server.on('clientError')`: answer once if nothing was sent yet, then close the socket. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const status =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 431
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 408
        : 400
  const writable = socket as Duplex & { _httpMessage?: { headersSent?: boolean } }
  if (!socket.writable || writable._httpMessage?.headersSent) {
    socket.destroy()
    return
  }
  const body = JSON.stringify({
    statusCode: status,
    service: 'ConsoleProxy',
    error: REASONS[status],
  })
  socket.end(
    [
      `HTTP/1.1 ${status} ${REASONS[status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      `Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`,
      'X-Content-Type-Options: nosniff',
      'Referrer-Policy: no-referrer',
      'X-Frame-Options: DENY',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  )
}
