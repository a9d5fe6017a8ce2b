// GET /metrics: Prometheus text, no sign-in, aggregates only (no company IDs or names).
import type { ConsoleMetrics } from '../metrics/console-metrics.ts'
import type { ConsoleRoute } from './console-route.ts'

export function createMetricsRoute(metrics: ConsoleMetrics): ConsoleRoute {
  return {
    name: 'metrics',
    methods: ['GET'],
    path: '/metrics',
    signIn: 'none',
    isStateChanging: false,
    async handle({ res }) {
      const text = await metrics.registry.metrics()
      res.writeHead(200, {
        'Content-Type': metrics.registry.contentType,
        'Cache-Control': 'no-store',
      })
      res.end(text)
    },
  }
}
