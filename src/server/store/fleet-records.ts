// The shapes the fleet store keeps: one company with its connections, data types and summary.
export type CompanyHealthValue =
  | 'needs_relink'
  | 'failing'
  | 'stale'
  | 'in_progress'
  | 'never_synced'
  | 'healthy'
  | 'no_connections'

export const COMPANY_HEALTHS: readonly CompanyHealthValue[] = [
  'needs_relink',
  'failing',
  'stale',
  'in_progress',
  'never_synced',
  'healthy',
  'no_connections',
]

export interface StoredConnection {
  id: string
  platformName: string
  sourceType: string | null
  status: string
  lastSync: string | null
}

export interface StoredDataType {
  dataType: string
  status: string | null
  lastSuccessfulSync: string | null
  latestSyncId: string | null
  /** The data type's health, including `not_supported` and `other`. */
  health: string
  since: string | null
  failuresInARow: number | null
  readAt: string
}

export interface StoredProblem {
  dataType: string
  health: string
  status: string | null
  since: string | null
  failuresInARow: number | null
}

export interface CompanyRecord {
  id: string
  name: string
  health: CompanyHealthValue
  connections: StoredConnection[]
  dataTypes: StoredDataType[]
  problems: StoredProblem[]
  platforms: string[]
  oldestLastSuccessfulSync: string | null
  readAt: string | null
  hasInProgress: boolean
  /** Why the reading was not the whole company; null (or absent) when it was. */
  readProblem?: string | null
}

export interface HealthChange {
  companyId: string
  /** Null for the company as a whole. */
  dataType: string | null
  health: string
  previousHealth: string | null
  changedAt: string
}
