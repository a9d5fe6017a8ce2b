// One route of the simulation and what it sees; the handlers and the route tables share it.
import type { SimWorld } from './world.ts'

/** What a route sees: the request, its path parameters and the world. */
export interface RouteContext {
  request: Request
  url: URL
  params: Readonly<Record<string, string>>
  world: SimWorld
}

export type Route = {
  method: 'get' | 'post' | 'put'
  path: string
  /** Control routes are never faulted. */
  isControl?: boolean
  resolve: (context: RouteContext) => Response | Promise<Response>
}
