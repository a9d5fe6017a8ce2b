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

/** Each alert setting on its own: the console's settings schema reads them beside the others. */
export const alertSettingFields = {
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
}

/** The alert settings each read on its own, before they are checked against each other. */
export interface AlertFieldValues {
  ALERT_WEBHOOK_URL?: URL | undefined
  ALERT_WEBHOOK_SECRET?: string | undefined
  ALERT_AFTER_MINUTES: number
  ALERT_DIGEST_THRESHOLD: number
  CONSOLE_PUBLIC_URL?: URL | undefined
}

/** The settings that need each other: a secret for a webhook that is not Slack, an address for links. */
export function alertSettingsOf(
  env: AlertFieldValues,
): { settings: AlertSettings; errors: [] } | { settings: undefined; errors: string[] } {
  const errors: string[] = []
  const url = env.ALERT_WEBHOOK_URL
  if (url && !isSlackWebhook(url) && !env.ALERT_WEBHOOK_SECRET)
    errors.push(
      'ALERT_WEBHOOK_SECRET must be set when ALERT_WEBHOOK_URL is not a Slack incoming webhook: receivers verify the signature with it',
    )
  if (url && !env.CONSOLE_PUBLIC_URL)
    errors.push(
      'CONSOLE_PUBLIC_URL must be set when ALERT_WEBHOOK_URL is: messages link to the console at that address',
    )
  if (errors.length > 0) return { settings: undefined, errors }
  return {
    settings: {
      channel: !url
        ? null
        : isSlackWebhook(url)
          ? { kind: 'slack', url }
          : { kind: 'webhook', url, secret: env.ALERT_WEBHOOK_SECRET ?? '' },
      holdMs: env.ALERT_AFTER_MINUTES * 60_000,
      digestThreshold: env.ALERT_DIGEST_THRESHOLD,
      publicUrl: url ? (env.CONSOLE_PUBLIC_URL ?? null) : null,
    },
    errors: [],
  }
}

export const alertSettingsSchema = z.object(alertSettingFields)

/** The settings, or every message at once (never a secret's value), as the console prints them at start-up. */
export function readAlertSettings(
  env: Readonly<Record<string, string | undefined>>,
): { settings: AlertSettings; errors: [] } | { settings: undefined; errors: string[] } {
  const parsed = alertSettingsSchema.safeParse(env)
  if (!parsed.success)
    return { settings: undefined, errors: parsed.error.issues.map((issue) => issue.message) }
  return alertSettingsOf(parsed.data)
}
