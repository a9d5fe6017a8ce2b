// A company's connection as the Fleet records it, for tests of what is derived from it.
import type { FleetConnection } from '../lib/fleet-row.ts'

/** A linked Xero accounting connection that has not synced, unless told otherwise. */
export function linkedXero(overrides: Partial<FleetConnection> = {}): FleetConnection {
  return {
    id: 'conn-xero',
    platformName: 'Xero',
    sourceType: 'Accounting',
    status: 'Linked',
    lastSync: null,
    ...overrides,
  }
}
