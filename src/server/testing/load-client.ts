// A small keep-alive HTTP/1.1 client on raw sockets for load and flood tests: no interceptors, little overhead.
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'

export interface LoadReply {
  status: number
  ms: number
  headers: Record<string, string>
  body: string
}

export interface LoadConnection {
  get(path: string, headers?: Record<string, string>): Promise<LoadReply>
  close(): void
}

/** One connection from `localAddress` (any 127.x address is this machine); requests go one at a time. */
export function openConnection(port: number, localAddress = '127.0.0.1'): LoadConnection {
  let socket: Socket | undefined
  let buffer: Buffer = Buffer.alloc(0)
  let waiting: ((reply: Omit<LoadReply, 'ms'> | undefined) => void) | undefined

  const open = () => {
    const fresh = connect({ host: '127.0.0.1', port, localAddress })
    fresh.setNoDelay(true)
    fresh.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      const reply = takeReply()
      if (reply) waiting?.(reply)
    })
    const gone = () => {
      if (socket !== fresh) return
      socket = undefined
      buffer = Buffer.alloc(0)
      waiting?.(undefined)
    }
    fresh.on('close', gone)
    fresh.on('error', gone)
    socket = fresh
    return fresh
  }

  function takeReply(): Omit<LoadReply, 'ms'> | undefined {
    const end = buffer.indexOf('\r\n\r\n')
    if (end === -1) return undefined
    const [statusLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n')
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    const status = Number(statusLine.split(' ')[1])
    const length = status === 204 || status === 304 ? 0 : Number(headers['content-length'] ?? 0)
    if (buffer.length < end + 4 + length) return undefined
    const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8')
    buffer = buffer.subarray(end + 4 + length)
    if (headers.connection === 'close') {
      socket?.end()
      socket = undefined
    }
    return { status, headers, body }
  }

  return {
    get(path, headers = {}) {
      const started = performance.now()
      const target = socket ?? open()
      const head = Object.entries({ Host: `127.0.0.1:${port}`, ...headers })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')
      return new Promise((resolve) => {
        waiting = (reply) => {
          waiting = undefined
          resolve({
            ...(reply ?? { status: -1, headers: {}, body: '' }),
            ms: performance.now() - started,
          })
        }
        target.write(`GET ${path} HTTP/1.1\r\n${head}\r\n`)
      })
    },
    close: () => socket?.destroy(),
  }
}

/**
 * `connections` connections, each sending its next request as soon as the last one is answered,
 * until `untilMs` (a performance.now() time) or until `stop()` says so. Returns every reply;
 * `replies` may be passed in to watch them arrive.
 */
export async function loadLoop(options: {
  port: number
  connections: number
  untilMs: number
  stop?: () => boolean
  localAddress?: string
  replies?: LoadReply[]
  request: (connection: number) => { path: string; headers?: Record<string, string> }
}): Promise<LoadReply[]> {
  const replies = options.replies ?? []
  const goOn = () => performance.now() < options.untilMs && !options.stop?.()
  await Promise.all(
    Array.from({ length: options.connections }, async (_, i) => {
      const connection = openConnection(options.port, options.localAddress)
      while (goOn()) {
        const { path, headers } = options.request(i)
        replies.push(await connection.get(path, headers))
      }
      connection.close()
    }),
  )
  return replies
}
