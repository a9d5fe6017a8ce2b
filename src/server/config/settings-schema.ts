// Every setting the console reads, as one zod schema: its name, default, bounds and the words for a bad value.
import { isIP } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { z } from 'zod'
import { alertSettingFields } from './alert-settings.ts'
import { parseUsers } from '../auth/console-users.ts'

export const DEFAULT_BASE_URL = 'https://api.codat.io'
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8080
export const DEFAULT_TIMEOUT_MS = 30_000
export const MAX_FLEET_CONCURRENCY = 10
/** The proxy's pool of sockets to Codat (Codat allows 10 concurrent requests). */
export const UPSTREAM_POOL_SIZE = 10
export const DEFAULT_CALLS_PER_USER = 4
export const DEFAULT_QUEUE_PER_USER = 20

const VISIBLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

/** A value as the environment gives it, trimmed; blank counts as unset. */
const setting = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined)

function wholeNumber(name: string, fallback: number, min: number, max: number) {
  const error = (issue: { input?: unknown }) =>
    `${name} must be a whole number from ${min} to ${max}, not "${String(issue.input)}"`
  return setting.pipe(
    z
      .string()
      .regex(/^\d+$/, { error, abort: true })
      .refine((text) => Number(text) >= min && Number(text) <= max, { error })
      .transform(Number)
      .default(fallback),
  )
}

/** 1/true/yes/on or 0/false/no/off, any case; unset is off. */
function flag(name: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = value?.trim().toLowerCase() ?? ''
      if (['1', 'true', 'yes', 'on'].includes(text)) return true
      if (!['', '0', 'false', 'no', 'off'].includes(text))
        ctx.addIssue({ code: 'custom', message: `${name} must be 1 or 0, not "${value}"` })
      return false
    })
}

const codatApiKey = setting.pipe(
  z
    .string()
    .refine((key) => !/^basic\s/i.test(key), {
      error: 'CODAT_API_KEY holds a whole "Basic …" header: put that in CODAT_AUTH_HEADER instead',
      abort: true,
    })
    .refine(
      (key) => VISIBLE_ASCII.test(key) && key.length <= 1024,
      'CODAT_API_KEY must be the key from Codat, on one line, with no spaces',
    )
    .transform((key) => `Basic ${Buffer.from(key, 'utf8').toString('base64')}`)
    .optional(),
)

const codatAuthHeader = setting.pipe(
  z
    .string()
    .refine(
      (header) => VISIBLE_ASCII.test(header) && header.length <= 4096 && /^\S+ \S/.test(header),
      'CODAT_AUTH_HEADER must be the whole header value on one line, e.g. "Basic <base64>"',
    )
    .optional(),
)

const codatBaseUrl = setting.transform((text = DEFAULT_BASE_URL, ctx) => {
  const refuse = (message: string) => {
    ctx.addIssue({ code: 'custom', message })
    return z.NEVER
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return refuse(`CODAT_BASE_URL "${text}" is not a URL (expected e.g. ${DEFAULT_BASE_URL})`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse(`CODAT_BASE_URL must start with https:// or http://, not ${url.protocol}`)
  if (url.username || url.password || url.search || url.hash)
    return refuse('CODAT_BASE_URL must not contain credentials, a query or a fragment')
  // Plain http would send the key in clear: only to this machine (npm run sim, a local stand-in).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return refuse(
      `CODAT_BASE_URL must use https:// (plain http:// is allowed only for 127.0.0.1, ::1 or ` +
        `localhost), not ${url.origin}`,
    )
  return url
})

const host = setting.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, {
      error: (issue) => `HOST "${String(issue.input)}" is not a host name or IP address`,
    })
    .default(DEFAULT_HOST),
)

const consoleUsers = z
  .string()
  .optional()
  .transform((text = '', ctx) => {
    const parsed = parseUsers(text)
    for (const message of parsed.errors) ctx.addIssue({ code: 'custom', message })
    if (text.trim() && parsed.users.length === 0 && parsed.errors.length === 0)
      ctx.addIssue({ code: 'custom', message: 'CONSOLE_USERS is set but lists no users' })
    return parsed.users
  })

const databaseUrl = setting.pipe(
  z
    .string()
    .regex(
      /^postgres(ql)?:\/\/\S+$/,
      'DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/db)',
    )
    .optional(),
)

/** A percentage, `%` allowed, as a share: `20` → 0.2. */
const quotaReserve = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const text = value?.trim().replace(/\s*%$/, '')
    if (!text) return 0.2
    if (/^\d+(\.\d+)?$/.test(text) && Number(text) <= 90) return Number(text) / 100
    ctx.addIssue({
      code: 'custom',
      message: `FLEET_QUOTA_RESERVE must be a percentage from 0 to 90 (e.g. 20), not "${value}"`,
    })
    return 0.2
  })

const webhookSecrets = z
  .string()
  .optional()
  .transform((value = '', ctx) => {
    const secrets = value
      .split(',')
      .map((secret) => secret.trim())
      .filter(Boolean)
    secrets.forEach((secret, index) => {
      if (isSigningSecret(secret)) return
      // Named by position, never by value: the error list is printed at start-up.
      const which = secrets.length > 1 ? ` (entry ${index + 1} of ${secrets.length})` : ''
      ctx.addIssue({
        code: 'custom',
        message:
          `CODAT_WEBHOOK_SECRET${which} is not a signing secret: it must be the endpoint's secret ` +
          "from Codat's Portal, whsec_ followed by base64; several are comma-separated",
      })
    })
    return secrets
  })

const metricsToken = setting.pipe(
  z
    .string()
    .regex(
      /^[\x21-\x7e]{16,512}$/,
      'METRICS_TOKEN must be 16 to 512 visible characters with no spaces (e.g. openssl rand -hex 32)',
    )
    .optional(),
)

/** In the order of README.md's Configuration table; errors are listed in this order too. */
export const settingsSchema = z.object({
  CODAT_API_KEY: codatApiKey,
  CODAT_AUTH_HEADER: codatAuthHeader,
  CODAT_BASE_URL: codatBaseUrl,
  CODAT_TIMEOUT_MS: wholeNumber('CODAT_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 1, 600_000),
  HOST: host,
  PORT: wholeNumber('PORT', DEFAULT_PORT, 0, 65535),
  CONSOLE_USERS: consoleUsers,
  CONSOLE_READ_ONLY: flag('CONSOLE_READ_ONLY'),
  CONSOLE_ALLOW_ANONYMOUS: flag('CONSOLE_ALLOW_ANONYMOUS'),
  CONSOLE_CALLS_PER_USER: wholeNumber(
    'CONSOLE_CALLS_PER_USER',
    DEFAULT_CALLS_PER_USER,
    1,
    UPSTREAM_POOL_SIZE,
  ),
  CONSOLE_QUEUE_PER_USER: wholeNumber('CONSOLE_QUEUE_PER_USER', DEFAULT_QUEUE_PER_USER, 0, 1000),
  TRUST_PROXY: wholeNumber('TRUST_PROXY', 0, 0, 10),
  DATABASE_URL: databaseUrl,
  FLEET_DATA_DIR: setting.transform((dir) => dir ?? './data'),
  FLEET_SCAN_INTERVAL_MINUTES: wholeNumber('FLEET_SCAN_INTERVAL_MINUTES', 30, 1, 1440),
  FLEET_CONCURRENCY: wholeNumber('FLEET_CONCURRENCY', 4, 1, MAX_FLEET_CONCURRENCY),
  FLEET_MAX_REQUESTS_PER_MINUTE: wholeNumber('FLEET_MAX_REQUESTS_PER_MINUTE', 300, 1, 1000),
  FLEET_QUOTA_RESERVE: quotaReserve,
  FLEET_STALE_HOURS: wholeNumber('FLEET_STALE_HOURS', 24, 1, 8760),
  CODAT_WEBHOOK_SECRET: webhookSecrets,
  METRICS_TOKEN: metricsToken,
  ...alertSettingFields,
})
export type Settings = z.output<typeof settingsSchema>
export type SettingName = keyof Settings

/** Every setting documented in README.md's Configuration table. */
export const SETTING_NAMES: readonly SettingName[] = settingsSchema.keyof().options

/**
 * Reads every setting; one that is wrong gives its errors and counts as unset, so that the
 * settings that depend on it are still checked and every mistake is listed at once.
 */
export function readSettings(env: Readonly<Record<string, string | undefined>>): {
  settings: Settings
  errors: string[]
} {
  const errors: string[] = []
  const settings: Record<string, unknown> = {}
  for (const name of SETTING_NAMES) {
    const field = settingsSchema.shape[name]
    const result = field.safeParse(env[name])
    if (result.success) settings[name] = result.data
    else {
      errors.push(...result.error.issues.map((issue) => issue.message))
      // The default; CODAT_BASE_URL has one that always reads.
      settings[name] = field.parse(undefined)
    }
  }
  return { settings: settings as Settings, errors }
}

/**
 * The shape, then the decoding the verifier does (standardwebhooks' `new Webhook(secret)`): a
 * value such as `whsec_AAAA=AAAA…` has the right characters but is not base64, and would
 * otherwise stop start-up with a stack trace.
 */
function isSigningSecret(secret: string): boolean {
  if (!/^whsec_[A-Za-z0-9+/=]{16,}$/.test(secret)) return false
  try {
    new Webhook(secret)
    return true
  } catch {
    return false
  }
}
