// Closes the connection after an answer given before the request body was read, so a body cannot hold a socket.
import type { IncomingMessage, ServerResponse } from 'node:http'

const GRACE_MS = 1000
const watched = new WeakSet<ServerResponse>()

/**
 * Call before answering a request whose body will not be read (401, 405, 413 …); every JSON
 * answer of the console calls it. When a body is still on its way, the answer says
 * `Connection: close` (Node then ends the socket once the answer is out) and, should the client
 * keep sending anyway, the socket is destroyed shortly after: otherwise Node would keep reading
 * and discarding a dripping body until the request timeout.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  const declared = Number(req.headers['content-length'] ?? 0)
  const hasBody = req.headers['transfer-encoding'] !== undefined || declared > 0
  if (!hasBody || req.complete || watched.has(res)) return
  watched.add(res)
  if (!res.headersSent) res.setHeader('Connection', 'close')
  res.once('finish', () => {
    if (req.complete) return
    setTimeout(() => req.socket.destroy(), GRACE_MS).unref()
  })
}
