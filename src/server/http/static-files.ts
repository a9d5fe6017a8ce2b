// Serves the built console from dist/: right content types, SPA fallback, long cache for hashed assets.
import { createReadStream, type Stats } from 'node:fs'
import { lstat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => void

export function createStaticHandler(distDir: string): StaticHandler {
  const root = resolve(distDir)
  const indexFile = join(root, 'index.html')

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    }
    const file = resolveFile(root, (req.url ?? '/').split('?')[0] ?? '/')
    if (file === undefined) return plain(res, 404, 'Not found')
    const found = file === root ? undefined : await statFile(file)
    if (found) return send(req, res, file, found)
    // Client-side routes have no dot in their last segment; a missing asset is a real 404.
    if (extname(file) !== '') return plain(res, 404, 'Not found')
    const index = await statFile(indexFile)
    if (!index) return plain(res, 404, 'Not found')
    return send(req, res, indexFile, index)
  }

  async function send(req: IncomingMessage, res: ServerResponse, file: string, info: Stats) {
    const isHashedAsset = file.startsWith(join(root, 'assets') + sep)
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`
    res.setHeader('ETag', etag)
    res.setHeader(
      'Cache-Control',
      isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    )
    res.setHeader(
      'Content-Type',
      CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    )
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304
      res.end()
      return
    }
    res.setHeader('Content-Length', info.size)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    await pipeline(createReadStream(file), res)
  }

  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Could not read the file')
      else res.destroy()
    })
  }
}

/** Maps a URL path into `root`, or undefined for anything that could step outside it. */
function resolveFile(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const segments = decoded.split('/').filter((segment) => segment !== '')
  if (segments.some((segment) => segment.startsWith('.'))) return undefined
  const file = resolve(root, ...segments)
  return file === root || file.startsWith(root + sep) ? file : undefined
}

/** Regular files only: a symbolic link (which could point out of dist/) counts as missing. */
async function statFile(file: string): Promise<Stats | undefined> {
  try {
    const info = await lstat(file)
    return info.isFile() ? info : undefined
  } catch {
    return undefined
  }
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  res.statusCode = status
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(text)
}
