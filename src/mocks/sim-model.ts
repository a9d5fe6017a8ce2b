// The simulation's companies and connections, and how they are rendered as Codat JSON.
import { formatCodatDate, formatZonelessDate } from './codat-dates.ts'
import { PLATFORMS, type PlatformKey, type SourceType } from './platforms.ts'

export type ConnectionStatus = 'PendingAuth' | 'Linked' | 'Unlinked' | 'Deauthorized'

export interface SimConnection {
  id: string
  platform: PlatformKey
  status: ConnectionStatus
  createdAt: number
  /** The source platform keeps refusing requests, so refreshes end RateLimitError. */
  isRateLimited?: boolean
  /** Some sources give no zone: lastSync is then the business's wall-clock time, zone-less. */
  zonelessOffsetMinutes?: number
  /** When access was lost, for the connection's dataConnectionErrors. */
  erroredAt?: number
}

export interface SimCompany {
  id: string
  name: string
  description?: string
  createdAt: number
  createdByUserName: string | null
  products: string[]
  tags: Record<string, string>
  connections: SimConnection[]
  /** Data types whose refreshes keep failing this way. */
  failingTypes?: Readonly<Record<string, 'FetchError' | 'MapError'>>
  /** Share of other refreshes that fail at random (deterministically, from the operation id). */
  flakyRate?: number
}

/** Codat's Connection. The spec forbids extra properties, so nothing else may be added. */
export interface ConnectionJson {
  id: string
  integrationId: string
  integrationKey: string
  sourceId: string
  platformName: string
  linkUrl: string
  status: ConnectionStatus
  lastSync?: string | null
  created: string
  sourceType: SourceType
  dataConnectionErrors?: DataConnectionErrorJson[] | null
}

export interface DataConnectionErrorJson {
  statusCode: string
  statusText: string
  errorMessage: string
  erroredOnUtc: string
  status: 'Active' | 'Resolved' | null
  resolvedOnUtc: string | null
}

export interface CompanyJson {
  id: string
  name: string
  description: string
  redirect: string
  lastSync?: string | null
  created: string
  createdByUserName: string | null
  products: string[]
  tags: Record<string, string>
  referenceSubsidiaryCompanies: never[]
  /** Optional in Codat's spec: absent means "not said", not "no connections". */
  dataConnections?: ConnectionJson[]
}

export function connectionJson(
  company: SimCompany,
  connection: SimConnection,
  lastSyncAt: number | undefined,
): ConnectionJson {
  const platform = PLATFORMS[connection.platform]
  const lastSync =
    lastSyncAt === undefined
      ? undefined
      : connection.zonelessOffsetMinutes !== undefined
        ? formatZonelessDate(lastSyncAt, connection.zonelessOffsetMinutes)
        : formatCodatDate(lastSyncAt)
  const json: ConnectionJson = {
    id: connection.id,
    integrationId: platform.integrationId,
    integrationKey: platform.integrationKey,
    sourceId: platform.sourceId,
    platformName: platform.platformName,
    linkUrl: `https://link-api.codat.io/companies/${company.id}/connections/${connection.id}/start`,
    status: connection.status,
    ...(lastSync !== undefined && { lastSync }),
    created: formatCodatDate(connection.createdAt),
    sourceType: platform.sourceType,
  }
  if (connection.status === 'Deauthorized' && connection.erroredAt !== undefined) {
    json.dataConnectionErrors = [
      {
        statusCode: '401',
        statusText: 'Unauthorized',
        errorMessage: `The ${platform.platformName} access token was revoked by the user.`,
        erroredOnUtc: formatCodatDate(connection.erroredAt),
        status: 'Active',
        resolvedOnUtc: null,
      },
    ]
  }
  return json
}

export function companyJson(
  company: SimCompany,
  connections: ConnectionJson[] | undefined,
  lastSyncAt: number | undefined,
): CompanyJson {
  return {
    id: company.id,
    name: company.name,
    description: company.description ?? '',
    redirect: `https://link.codat.io/company/${company.id}`,
    ...(lastSyncAt !== undefined && { lastSync: formatCodatDate(lastSyncAt) }),
    created: formatCodatDate(company.createdAt),
    createdByUserName: company.createdByUserName,
    products: company.products,
    tags: company.tags,
    referenceSubsidiaryCompanies: [],
    ...(connections !== undefined && { dataConnections: connections }),
  }
}
