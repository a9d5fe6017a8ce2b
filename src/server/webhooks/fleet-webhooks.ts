// Codat's webhook events applied to the fleet: status updates from read.completed, re-reads, adds, removals, pauses.
import {
  companyPayloadSchema,
  connectionPayloadSchema,
  rateLimitPayloadSchema,
  readCompletedPayloadSchema,
  type WebhookEnvelope,
} from '../../api/webhook-schemas.ts'
import { deriveCompanyRecord } from '../../lib/fleet-row.ts'
import { readingAfterReadCompleted } from '../../lib/read-completed.ts'
import { isUuid } from '../../lib/uuid.ts'
import type { FleetWrites } from '../store/fleet-store.ts'
import { cleanReading, storableText } from '../fleet/reading-bounds.ts'

export type WebhookOutcome = 'processed' | 'ignored'

/** What applying an event touches: the store (or one transaction of it) and the scanner's signals. */
export interface WebhookTarget {
  store: FleetWrites
  rereadSoon(companies: readonly { id: string; name?: string | undefined }[]): Promise<void>
  pauseForRateLimit(until: number, reason: string): Promise<void>
  resumeAfterRateLimit(): Promise<void>
}

export async function applyWebhookEvent(
  fleet: WebhookTarget,
  event: WebhookEnvelope,
  staleHours: number,
): Promise<WebhookOutcome> {
  const at = validTime(event.generatedDate) ?? new Date().toISOString()
  switch (event.eventType) {
    case 'read.completed':
    case 'read.completed.initial': {
      const payload = readCompletedPayloadSchema.safeParse(event.payload)
      if (!payload.success) return 'ignored'
      const { referenceCompany, dataTypes } = payload.data
      // IDs go into request paths; names and types into the store, cleaned as a reading is.
      if (!isUuid(referenceCompany.id)) return 'ignored'
      const stored = (await fleet.store.loadCompanies([referenceCompany.id])).get(
        referenceCompany.id,
      )
      if (stored) {
        // The event says how each read ended: show it now, then read the company to confirm.
        const { reading } = cleanReading(
          readingAfterReadCompleted(stored, { name: referenceCompany.name, dataTypes }, at),
        )
        const assessed = deriveCompanyRecord(stored, reading, { readAt: at, staleHours })
        await fleet.store.writeCompanies([assessed.record], assessed.changes)
      }
      await fleet.rereadSoon([reread(referenceCompany.id, referenceCompany.name)])
      return 'processed'
    }
    case 'connection.created':
    case 'connection.connected':
    case 'connection.failed':
    case 'connection.disconnected':
    case 'connection.reconnected':
    case 'connection.deleted': {
      const payload = connectionPayloadSchema.safeParse(event.payload)
      if (!payload.success) return 'ignored'
      const { referenceCompany } = payload.data
      if (!isUuid(referenceCompany.id)) return 'ignored'
      await fleet.rereadSoon([reread(referenceCompany.id, referenceCompany.name)])
      return 'processed'
    }
    case 'company.created': {
      const payload = companyPayloadSchema.safeParse(event.payload)
      if (!payload.success || !isUuid(payload.data.id)) return 'ignored'
      await fleet.rereadSoon([reread(payload.data.id, payload.data.name)])
      return 'processed'
    }
    case 'company.deleted': {
      const payload = companyPayloadSchema.safeParse(event.payload)
      if (!payload.success || !isUuid(payload.data.id)) return 'ignored'
      await fleet.store.removeCompanies([payload.data.id])
      return 'processed'
    }
    case 'client.rateLimit.reached': {
      const payload = rateLimitPayloadSchema.safeParse(event.payload ?? {})
      const expiry = payload.success ? validTime(payload.data.expiryDate) : undefined
      // Without an expiry, Codat's quota resets at 00:00 UTC.
      const until = expiry
        ? Date.parse(expiry)
        : (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000
      await fleet.pauseForRateLimit(until, 'Codat rate limit: daily quota used up')
      return 'processed'
    }
    case 'client.rateLimit.reset':
      await fleet.resumeAfterRateLimit()
      return 'processed'
    default:
      return 'ignored'
  }
}

function validTime(value: string | undefined): string | undefined {
  if (!value) return undefined
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined
}

function reread(id: string, name: string | undefined): { id: string; name?: string } {
  return name === undefined ? { id } : { id, name: storableText(name) }
}
