// Reads one company from Codat (data status + connections: two requests) into a reading for the assessment.
import type { CompanyReading } from './company-assessment.ts'
import type { CodatReader, ReadPurpose } from './codat-reader.ts'

export async function readCompany(
  reader: CodatReader,
  id: string,
  name: string,
  purpose: ReadPurpose = 'scan',
): Promise<CompanyReading | 'not-found'> {
  const [statuses, connections] = await Promise.all([
    reader.dataStatus(id, purpose),
    reader.connections(id, purpose),
  ])
  if (statuses === 'not-found' || connections === 'not-found') return 'not-found'
  return {
    id,
    name,
    connections: connections.map((connection) => ({
      id: connection.id,
      platformName: connection.platformName,
      sourceType: connection.sourceType,
      status: connection.status,
      lastSync: iso(connection.lastSync?.epochMs),
    })),
    dataTypes: Object.entries(statuses)
      .map(([key, status]) => ({
        dataType: status.dataType || key,
        status: status.currentStatus ?? null,
        lastSuccessfulSync: iso(status.lastSuccessfulSync?.epochMs),
        latestSyncId: status.latestSyncId ?? null,
      }))
      .sort((a, b) => a.dataType.localeCompare(b.dataType)),
  }
}

function iso(epochMs: number | undefined): string | null {
  return epochMs === undefined || !Number.isFinite(epochMs) ? null : new Date(epochMs).toISOString()
}
