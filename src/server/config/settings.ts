// Reads and validates the live-mode settings from the environment (and .env): all valid or a list of errors.
import { alertSettingsOf, type AlertSettings } from './alert-settings.ts'
import type { ConsoleUser } from '../auth/console-users.ts'
import { readDotEnv } from './dot-env.ts'
import { unknownSettingWarnings } from './setting-names.ts'
import { isLoopbackHost, readSettings } from './settings-schema.ts'

export type Env = Readonly<Record<string, string | undefined>>

export interface ConsoleSettings {
  /** The Authorization header sent to Codat. Never logged, never sent to the browser. */
  authHeader: string
  baseUrl: URL
  host: string
  port: number
  /** Empty when the console is open without sign-in (loopback, or CONSOLE_ALLOW_ANONYMOUS=1). */
  users: ConsoleUser[]
  readOnly: boolean
  allowAnonymous: boolean
  timeoutMs: number
  /** Calls to Codat one signed-in user (or, without CONSOLE_USERS, one client address) may have in flight. */
  callsPerUser: number
  /** Calls beyond that which wait their turn; more are refused with 503. */
  queuePerUser: number
  fleet: FleetConfig
  /** How many reverse proxies in front append to X-Forwarded-For (0: the header is ignored). */
  trustProxy: number
  /** When set, GET /metrics wants `Authorization: Bearer <token>`; otherwise it is open. */
  metricsToken: string | undefined
  /** Where alerts about the fleet's health go; `channel` null: none are queued or sent. */
  alerts: AlertSettings
}

/** The fleet: where it is stored, how the scanner paces itself, and the webhook secrets. */
export interface FleetConfig {
  /** postgres://… to share one PostgreSQL between processes; otherwise the embedded store. */
  databaseUrl: string | undefined
  dataDir: string
  scanIntervalMinutes: number
  concurrency: number
  maxRequestsPerMinute: number
  /** Share of X-Rate-Limit-Limit (0..0.9) the scanner leaves for people. */
  quotaReserve: number
  staleHours: number
  /** Signing secrets (`whsec_…`) for Codat's webhooks; empty: the webhook path answers 404. */
  webhookSecrets: string[]
}

export type ConfigResult = { ok: true; config: ConsoleSettings } | { ok: false; errors: string[] }

export const MISSING_KEY_MESSAGE =
  'No Codat API key. Set CODAT_API_KEY (or CODAT_AUTH_HEADER, the ready-made header from ' +
  "Codat's Portal) in the environment or in a .env file (see .env.example). To try the console " +
  'without a key, run the demo instead: npm run dev, or npm run build:demo and serve dist-demo/.'

/**
 * Loads `.env` into process.env when the file exists; variables already set win. Returns what
 * start-up must say: warnings about lines that were not read and names that are not settings,
 * or why the file cannot be used.
 */
export function loadDotEnv(path = '.env'): { warnings: string[]; error?: string } {
  const result = readDotEnv(path)
  if (result.kind === 'absent') return { warnings: [] }
  if (result.kind === 'unusable') return { warnings: [], error: result.error }
  for (const [name, value] of Object.entries(result.values)) {
    if (value !== undefined) process.env[name] ??= value
  }
  return {
    warnings: [...result.warnings, ...unknownSettingWarnings(Object.keys(result.values), path)],
  }
}

export function hasCodatKey(env: Env): boolean {
  return Boolean(env.CODAT_API_KEY?.trim() || env.CODAT_AUTH_HEADER?.trim())
}

export function loadConfig(env: Env = process.env): ConfigResult {
  const hasKey = Boolean(env.CODAT_API_KEY?.trim())
  const hasHeader = Boolean(env.CODAT_AUTH_HEADER?.trim())
  const isAmbiguous = hasKey && hasHeader
  // Either key, never both: with both set neither is read (nor echoed in an error).
  const { settings, errors } = readSettings(
    isAmbiguous ? { ...env, CODAT_API_KEY: undefined, CODAT_AUTH_HEADER: undefined } : env,
  )
  if (isAmbiguous) errors.unshift('Set CODAT_API_KEY or CODAT_AUTH_HEADER, not both')
  else if (!hasKey && !hasHeader) errors.unshift(MISSING_KEY_MESSAGE)
  const authHeader = settings.CODAT_AUTH_HEADER ?? settings.CODAT_API_KEY
  const { HOST: host, CONSOLE_USERS: users, CONSOLE_ALLOW_ANONYMOUS: allowAnonymous } = settings
  if (users.length === 0 && !isLoopbackHost(host) && !allowAnonymous)
    errors.push(
      `HOST ${host} is reachable from other machines, but CONSOLE_USERS is empty, so anyone could ` +
        'use your Codat key. Add users (npm run user:add -- <name> <viewer|operator>), bind to ' +
        '127.0.0.1, or set CONSOLE_ALLOW_ANONYMOUS=1 if something in front already signs people in.',
    )
  // Checked against each other only when each read well, so one mistake gives one message.
  const alerts = alertSettingsOf(settings)
  if (!errors.some((error) => /^(ALERT_|CONSOLE_PUBLIC_URL)/.test(error)))
    errors.push(...alerts.errors)
  if (errors.length > 0 || authHeader === undefined || !alerts.settings)
    return { ok: false, errors }
  return {
    ok: true,
    config: {
      authHeader,
      baseUrl: settings.CODAT_BASE_URL,
      host,
      port: settings.PORT,
      users,
      readOnly: settings.CONSOLE_READ_ONLY,
      allowAnonymous,
      timeoutMs: settings.CODAT_TIMEOUT_MS,
      callsPerUser: settings.CONSOLE_CALLS_PER_USER,
      queuePerUser: settings.CONSOLE_QUEUE_PER_USER,
      fleet: {
        databaseUrl: settings.DATABASE_URL,
        dataDir: settings.FLEET_DATA_DIR,
        scanIntervalMinutes: settings.FLEET_SCAN_INTERVAL_MINUTES,
        concurrency: settings.FLEET_CONCURRENCY,
        maxRequestsPerMinute: settings.FLEET_MAX_REQUESTS_PER_MINUTE,
        quotaReserve: settings.FLEET_QUOTA_RESERVE,
        staleHours: settings.FLEET_STALE_HOURS,
        webhookSecrets: settings.CODAT_WEBHOOK_SECRET,
      },
      trustProxy: settings.TRUST_PROXY,
      metricsToken: settings.METRICS_TOKEN,
      alerts: alerts.settings,
    },
  }
}
