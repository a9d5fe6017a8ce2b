// Reads a request body with a byte cap: whole (for routes that verify signatures) or only counted.
import type { IncomingMessage } from 'node:http'

/** The body as sent, or 'too-large' as soon as it passes maxBytes (the rest is left unread). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBytes) return Promise.resolve('too-large')
  if (declared === 0 && req.headers['transfer-encoding'] === undefined)
    return Promise.resolve(Buffer.alloc(0))
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let received = 0
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) {
        req.removeAllListeners('data')
        req.pause()
        resolve('too-large')
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(received <= maxBytes ? Buffer.concat(chunks) : 'too-large'))
    req.on('error', () => resolve('too-large'))
  })
}
