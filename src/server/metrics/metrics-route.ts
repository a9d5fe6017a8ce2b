// GET /metrics: Prometheus text, aggregates only (no company IDs or names); METRICS_TOKEN closes it.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { ConsoleMetrics } from './console-metrics.ts'
import type { ConsoleRoute } from '../http/console-route.ts'

const digest = (text: string) => createHash('sha256').update(text).digest()

/** Compares digests, equal in length whatever was sent, so the time taken tells nothing. */
export function isBearer(header: string | undefined, token: string): boolean {
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? ''
  return timingSafeEqual(digest(sent), digest(token)) && sent !== ''
}

export function createMetricsRoute(metrics: ConsoleMetrics): ConsoleRoute {
  return {
    name: 'metrics',
    methods: ['GET'],
    path: '/metrics',
    // Scrapers do not sign in; with METRICS_TOKEN they send it as a Bearer token instead.
    signIn: 'none',
    isStateChanging: false,
    async handle({ req, res, settings }) {
      if (settings.metricsToken && !isBearer(req.headers.authorization, settings.metricsToken)) {
        res.writeHead(401, {
          'Content-Type': 'text/plain; charset=utf-8',
          'WWW-Authenticate': 'Bearer realm="metrics"',
          'Cache-Control': 'no-store',
        })
        res.end('METRICS_TOKEN is set: send it as "Authorization: Bearer <token>"\n')
        return
      }
      const text = await metrics.registry.metrics()
      res.writeHead(200, {
        'Content-Type': metrics.registry.contentType,
        'Cache-Control': 'no-store',
      })
      res.end(text)
    },
  }
}
