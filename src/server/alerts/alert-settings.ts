// The alert settings (where messages go, how they are signed, when a change is told), as one zod schema with plain messages.
import { z } from 'zod'

export const ALERT_SETTING_NAMES = [
  'ALERT_WEBHOOK_URL',
  'ALERT_WEBHOOK_SECRET',
  'ALERT_AFTER_MINUTES',
  'ALERT_DIGEST_THRESHOLD',
  'CONSOLE_PUBLIC_URL',
] as const

/** Where alerts go: Slack's incoming webhook (Block Kit, paced), or any other URL (signed JSON). */
export type AlertChannel =
  { kind: 'slack'; url: URL } | { kind: 'webhook'; url: URL; secret: string }

export interface AlertSettings {
  /** Null: alerts are off. */
  channel: AlertChannel | null
  holdMs: number
  digestThreshold: number
  /** The console's address as people open it, for links in messages; null when alerts are off. */
  publicUrl: URL | null
}

/** `https://hooks.slack.com/services/…`: Slack's incoming webhooks, which take Block Kit. */
export function isSlackWebhook(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    url.hostname === 'hooks.slack.com' &&
    url.pathname.startsWith('/services/')
  )
}

/** Unset and blank are the same: the default. */
const text = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
  z.string().optional(),
)

const httpUrl = (name: string, example: string) =>
  text.pipe(
    z
      .string()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
        message: `${name} must be an http(s) URL, e.g. ${example}`,
      })
      .transform((value) => new URL(value))
      .optional(),
  )

const wholeNumber = (name: string, fallback: number, min: number, max: number) =>
  text.pipe(
    z
      .string()
      .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, {
        error: (issue) =>
          `${name} must be a whole number from ${min} to ${max}, not "${String(issue.input)}"`,
      })
      .transform(Number)
      .default(fallback),
  )

/** `whsec_` and the base64 of a key long enough for HMAC-SHA256 (24 bytes or more). */
function isSigningSecret(secret: string): boolean {
  const key = /^whsec_((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/.exec(
    secret,
  )?.[1]
  return key !== undefined && Buffer.from(key, 'base64').length >= 24
}

export const alertSettingsSchema = z
  .object({
    ALERT_WEBHOOK_URL: httpUrl('ALERT_WEBHOOK_URL', 'https://hooks.slack.com/services/T…/B…/…'),
    ALERT_WEBHOOK_SECRET: text.pipe(
      z
        .string()
        .refine(isSigningSecret, {
          message:
            'ALERT_WEBHOOK_SECRET must be a Standard Webhooks signing secret: whsec_ followed by base64 (at least 24 random bytes)',
        })
        .optional(),
    ),
    ALERT_AFTER_MINUTES: wholeNumber('ALERT_AFTER_MINUTES', 5, 0, 1440),
    ALERT_DIGEST_THRESHOLD: wholeNumber('ALERT_DIGEST_THRESHOLD', 10, 1, 100_000),
    CONSOLE_PUBLIC_URL: httpUrl('CONSOLE_PUBLIC_URL', 'https://console.example.com/'),
  })
  .superRefine((env, context) => {
    const url = env.ALERT_WEBHOOK_URL
    if (!url) return
    if (!isSlackWebhook(url) && !env.ALERT_WEBHOOK_SECRET)
      context.addIssue({
        code: 'custom',
        path: ['ALERT_WEBHOOK_SECRET'],
        message:
          'ALERT_WEBHOOK_SECRET must be set when ALERT_WEBHOOK_URL is not a Slack incoming webhook: receivers verify the signature with it',
      })
    if (!env.CONSOLE_PUBLIC_URL)
      context.addIssue({
        code: 'custom',
        path: ['CONSOLE_PUBLIC_URL'],
        message:
          'CONSOLE_PUBLIC_URL must be set when ALERT_WEBHOOK_URL is: messages link to the console at that address',
      })
  })
  .transform((env): AlertSettings => ({
    channel: !env.ALERT_WEBHOOK_URL
      ? null
      : isSlackWebhook(env.ALERT_WEBHOOK_URL)
        ? { kind: 'slack', url: env.ALERT_WEBHOOK_URL }
        : { kind: 'webhook', url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET ?? '' },
    holdMs: env.ALERT_AFTER_MINUTES * 60_000,
    digestThreshold: env.ALERT_DIGEST_THRESHOLD,
    publicUrl: env.ALERT_WEBHOOK_URL ? (env.CONSOLE_PUBLIC_URL ?? null) : null,
  }))

/** The settings, or every message at once (never a secret's value), as the console prints them at start-up. */
export function readAlertSettings(
  env: Readonly<Record<string, string | undefined>>,
): { settings: AlertSettings; errors: [] } | { settings: undefined; errors: string[] } {
  const parsed = alertSettingsSchema.safeParse(env)
  if (parsed.success) return { settings: parsed.data, errors: [] }
  return { settings: undefined, errors: parsed.error.issues.map((issue) => issue.message) }
}
