// Zod schemas for the Codat webhook events the fleet acts on; unknown fields and event types pass through.
import { z } from 'zod'

const companyReferenceSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
})

export const webhookEnvelopeSchema = z.object({
  id: z.string().optional(),
  eventType: z.string(),
  generatedDate: z.string().optional(),
  payload: z.unknown().optional(),
})
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>

export const readCompletedPayloadSchema = z.object({
  referenceCompany: companyReferenceSchema,
  modifiedFromDate: z.string().nullable().optional(),
  dataTypes: z
    .array(
      z.object({
        connectionId: z.string().optional(),
        dataType: z.string(),
        recordsModified: z.boolean().optional(),
        status: z.string().optional(),
      }),
    )
    .optional()
    .default([]),
})

export const connectionPayloadSchema = z.object({
  referenceCompany: companyReferenceSchema,
  connection: z.object({ id: z.string() }).passthrough().optional(),
})

export const companyPayloadSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
})

export const rateLimitPayloadSchema = z.object({
  dailyQuota: z.number().optional(),
  quotaRemaining: z.number().optional(),
  expiryDate: z.string().optional(),
})
