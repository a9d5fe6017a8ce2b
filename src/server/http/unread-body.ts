// Closes the connection after an answer given before the request body was read, so a body cannot hold a socket.
import type { IncomingMessage, ServerResponse } from 'node:http'

const GRACE_MS = 1000

/**
 * Call before answering a request whose body will not be read (401, 405, 413 …). When a body
 * is still on its way, the answer says `Connection: close` (Node then ends the socket once the
 * answer is out) and, should the client keep the socket open anyway, it is destroyed shortly after.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers['content-length'] ?? 0)
  const hasBody = req.headers['transfer-encoding'] !== undefined || declared > 0
  if (!hasBody || req.complete) return
  if (!res.headersSent) res.setHeader('Connection', 'close')
  res.once('finish', () => {
    if (req.complete) return
    setTimeout(() => req.socket.destroy(), GRACE_MS).unref()
  })
}
