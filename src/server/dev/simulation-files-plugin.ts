// Vite plugin: the simulation's service worker ships only with the demo, never in a live build or live dev server.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { Plugin } from 'vite'

/** Files in public/ that exist for the in-browser simulation (written by `msw init public`). */
export const SIMULATION_FILES: readonly string[] = ['mockServiceWorker.js']

/**
 * In a demo build public/ is copied as usual. In a live build Vite's copy is turned off and
 * every public file but the simulation's is emitted instead, so dist/ (what `npm start` serves)
 * has no service worker that could fake Codat's answers. The live dev server answers 404 for it.
 */
export function simulationFilesPlugin(isDemo: boolean): Plugin {
  let publicDir = ''
  return {
    name: 'codat-console-simulation-files',
    config: () => (isDemo ? {} : { build: { copyPublicDir: false } }),
    configResolved(config) {
      publicDir = config.publicDir
    },
    generateBundle() {
      if (isDemo || !publicDir) return
      for (const file of listFiles(publicDir)) {
        const fileName = relative(publicDir, file).split(sep).join('/')
        if (SIMULATION_FILES.includes(fileName)) continue
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) })
      }
    },
    configureServer(server) {
      if (isDemo) return
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/'
        if (!SIMULATION_FILES.some((name) => path === `/${name}`)) return next()
        res.statusCode = 404
        res.setHeader('Content-Type', 'text/plain; charset=utf-8')
        res.end('Not found: the simulation runs only in the demo')
      })
    },
  }
}

function listFiles(dir: string): string[] {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listFiles(path)
    return entry.isFile() ? [path] : []
  })
}
