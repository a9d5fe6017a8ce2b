// Reads a request body with a byte cap and an optional deadline: whole (for routes that verify signatures) or only counted.
import type { IncomingMessage } from 'node:http'

export type BodyRefusal = 'too-large' | 'too-slow'

/**
 * The body as sent; 'too-large' as soon as it passes maxBytes, 'too-slow' when it has not all
 * arrived `deadlineMs` after reading began (the rest is left unread either way).
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  deadlineMs?: number,
): Promise<Buffer | BodyRefusal> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > maxBytes) return Promise.resolve('too-large')
  if (declared === 0 && req.headers['transfer-encoding'] === undefined)
    return Promise.resolve(Buffer.alloc(0))
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let received = 0
    let timer: NodeJS.Timeout | undefined
    const finish = (result: Buffer | BodyRefusal) => {
      clearTimeout(timer)
      if (typeof result === 'string') {
        req.removeAllListeners('data')
        req.pause()
      }
      resolve(result)
    }
    if (deadlineMs !== undefined) timer = setTimeout(() => finish('too-slow'), deadlineMs)
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > maxBytes) return finish('too-large')
      chunks.push(chunk)
    })
    req.on('end', () => finish(received <= maxBytes ? Buffer.concat(chunks) : 'too-large'))
    req.on('error', () => finish('too-large'))
  })
}
