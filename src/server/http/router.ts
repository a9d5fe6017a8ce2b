// Finds the console's own endpoint for a request path and method, in front of the Codat allowlist.
import type { ConsoleRoute, HttpMethod } from './console-route.ts'

export type RouterMatch =
  | { kind: 'route'; route: ConsoleRoute; params: Record<string, string> }
  /** The path exists but not for this method: answer 405 with `allow`. */
  | { kind: 'method-not-allowed'; route: ConsoleRoute; allow: string }

export interface Router {
  match(method: string, path: string): RouterMatch | undefined
}

/** Routes are tried in order; two routes may share a path if their methods differ. */
export function createRouter(routes: readonly ConsoleRoute[]): Router {
  const names = new Set<string>()
  for (const route of routes) {
    if (names.has(route.name)) throw new Error(`Two console routes are named ${route.name}`)
    names.add(route.name)
  }
  return {
    match(method, path) {
      const onPath: ConsoleRoute[] = []
      for (const route of routes) {
        const params = matchPath(route.path, path)
        if (params === undefined) continue
        if (route.methods.includes(method as HttpMethod)) return { kind: 'route', route, params }
        onPath.push(route)
      }
      const [first] = onPath
      if (!first) return undefined
      const allow = [...new Set(onPath.flatMap((route) => route.methods))].join(', ')
      return { kind: 'method-not-allowed', route: first, allow }
    },
  }
}

function matchPath(pattern: string | RegExp, path: string): Record<string, string> | undefined {
  if (typeof pattern === 'string') return pattern === path ? {} : undefined
  const found = pattern.exec(path)
  if (!found || found[0] !== path) return undefined
  return { ...found.groups }
}
