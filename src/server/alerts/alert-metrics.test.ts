// @vitest-environment node
// codat_alerts_total{outcome}: every outcome from zero, counted as the outbox worker reports tries.
import { describe, expect, it } from 'vitest'
import { createConsoleMetrics } from '../metrics/console-metrics.ts'

describe('codat_alerts_total', () => {
  it('shows each outcome from zero and counts what the worker reports', async () => {
    const metrics = createConsoleMetrics()
    const before = await metrics.registry.getSingleMetricAsString('codat_alerts_total')
    expect(before).toContain('codat_alerts_total{outcome="given_up"} 0')
    metrics.countAlert('retried')
    metrics.countAlert('retried')
    metrics.countAlert('sent')
    const after = await metrics.registry.getSingleMetricAsString('codat_alerts_total')
    expect(after).toContain('codat_alerts_total{outcome="sent"} 1')
    expect(after).toContain('codat_alerts_total{outcome="retried"} 2')
    expect(after).toContain('codat_alerts_total{outcome="given_up"} 0')
  })
})
