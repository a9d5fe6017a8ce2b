// What a built console costs the browser: gzipped JS of the first screen (the entry script and
// what it preloads) versus chunks loaded only on demand (detail route, demo simulation, ...).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface ChunkSize {
  file: string
  bytes: number
  gzipBytes: number
}

export interface BundleReport {
  firstScreen: ChunkSize[]
  lazy: ChunkSize[]
  firstScreenGzip: number
  totalGzip: number
}

function sizeOf(distDir: string, file: string): ChunkSize {
  const content = readFileSync(join(distDir, file))
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
}

export function measureBundle(distDir: string): BundleReport {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const eager = new Set<string>()
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.js)"/g)) {
    eager.add(match[1]!.replace(/^\.?\//, ''))
  }
  const all = readdirSync(join(distDir, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `assets/${name}`)
  const firstScreen = all.filter((file) => eager.has(file)).map((file) => sizeOf(distDir, file))
  const lazy = all.filter((file) => !eager.has(file)).map((file) => sizeOf(distDir, file))
  const sum = (chunks: ChunkSize[]) => chunks.reduce((total, chunk) => total + chunk.gzipBytes, 0)
  return {
    firstScreen,
    lazy,
    firstScreenGzip: sum(firstScreen),
    totalGzip: sum(firstScreen) + sum(lazy),
  }
}

export const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`
