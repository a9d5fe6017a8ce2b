// A plain static file host for the demo build, mounted under a sub-path, as a static host
// (GitHub Pages, S3, nginx) would serve it: no rewrites, no server-side logic.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'

const [root = 'dist-demo', prefix = '/demo/', port = '4174'] = process.argv.slice(2)
const rootDir = resolve(root)
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
}

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  if (!path.startsWith(prefix)) {
    res.writeHead(404).end('not found')
    return
  }
  let file = normalize(join(rootDir, path.slice(prefix.length)))
  if (!file.startsWith(rootDir)) {
    res.writeHead(403).end()
    return
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!existsSync(file)) {
    res.writeHead(404).end('not found')
    return
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
  createReadStream(file).pipe(res)
}).listen(Number(port), '127.0.0.1', () => {
  console.log(`Serving ${rootDir} at http://127.0.0.1:${port}${prefix}`)
})
