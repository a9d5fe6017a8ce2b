// Reads and validates the live-mode settings from the environment (and .env): all valid or a list of errors.
import { isIP } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { parseUsers, type ConsoleUser } from './console-users.ts'
import { readDotEnv } from './dot-env.ts'
import { unknownSettingWarnings } from './setting-names.ts'

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

export const DEFAULT_BASE_URL = 'https://api.codat.io'
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8080
export const DEFAULT_TIMEOUT_MS = 30_000
export const MAX_FLEET_CONCURRENCY = 10
/** The proxy's pool of sockets to Codat (Codat allows 10 concurrent requests). */
export const UPSTREAM_POOL_SIZE = 10
export const DEFAULT_CALLS_PER_USER = 4
export const DEFAULT_QUEUE_PER_USER = 20

export const MISSING_KEY_MESSAGE =
  'No Codat API key. Set CODAT_API_KEY (or CODAT_AUTH_HEADER, the ready-made header from ' +
  "Codat's Portal) in the environment or in a .env file (see .env.example). To try the console " +
  'without a key, run the demo instead: npm run dev, or npm run build:demo and serve dist-demo/.'

const VISIBLE_ASCII = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/

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

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

export function loadConfig(env: Env = process.env): ConfigResult {
  const errors: string[] = []
  const authHeader = readAuthHeader(env, errors)
  const baseUrl = readBaseUrl(env.CODAT_BASE_URL?.trim() || DEFAULT_BASE_URL, errors)
  const host = env.HOST?.trim() || DEFAULT_HOST
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    errors.push(`HOST "${host}" is not a host name or IP address`)
  const port = readInteger(env, 'PORT', DEFAULT_PORT, 0, 65535, errors)
  const timeoutMs = readInteger(env, 'CODAT_TIMEOUT_MS', DEFAULT_TIMEOUT_MS, 1, 600_000, errors)
  const trustProxy = readInteger(env, 'TRUST_PROXY', 0, 0, 10, errors)
  const callsPerUser = readInteger(
    env,
    'CONSOLE_CALLS_PER_USER',
    DEFAULT_CALLS_PER_USER,
    1,
    UPSTREAM_POOL_SIZE,
    errors,
  )
  const queuePerUser = readInteger(
    env,
    'CONSOLE_QUEUE_PER_USER',
    DEFAULT_QUEUE_PER_USER,
    0,
    1000,
    errors,
  )
  const readOnly = readFlag(env, 'CONSOLE_READ_ONLY', errors)
  const allowAnonymous = readFlag(env, 'CONSOLE_ALLOW_ANONYMOUS', errors)
  const fleet = readFleetConfig(env, errors)
  const metricsToken = env.METRICS_TOKEN?.trim() || undefined
  if (metricsToken && !/^[\x21-\x7e]{16,512}$/.test(metricsToken))
    errors.push(
      'METRICS_TOKEN must be 16 to 512 visible characters with no spaces (e.g. openssl rand -hex 32)',
    )
  const parsed = parseUsers(env.CONSOLE_USERS ?? '')
  errors.push(...parsed.errors)
  if (env.CONSOLE_USERS?.trim() && parsed.users.length === 0 && parsed.errors.length === 0)
    errors.push('CONSOLE_USERS is set but lists no users')
  if (parsed.users.length === 0 && !isLoopbackHost(host) && !allowAnonymous)
    errors.push(
      `HOST ${host} is reachable from other machines, but CONSOLE_USERS is empty, so anyone could ` +
        'use your Codat key. Add users (npm run user:add -- <name> <viewer|operator>), bind to ' +
        '127.0.0.1, or set CONSOLE_ALLOW_ANONYMOUS=1 if something in front already signs people in.',
    )
  if (errors.length > 0 || authHeader === undefined || baseUrl === undefined) {
    return { ok: false, errors }
  }
  return {
    ok: true,
    config: {
      authHeader,
      baseUrl,
      host,
      port,
      users: parsed.users,
      readOnly,
      allowAnonymous,
      timeoutMs,
      callsPerUser,
      queuePerUser,
      fleet,
      trustProxy,
      metricsToken,
    },
  }
}

function readAuthHeader(env: Env, errors: string[]): string | undefined {
  const key = env.CODAT_API_KEY?.trim()
  const header = env.CODAT_AUTH_HEADER?.trim()
  if (key && header) {
    errors.push('Set CODAT_API_KEY or CODAT_AUTH_HEADER, not both')
    return undefined
  }
  if (header) {
    if (!VISIBLE_ASCII.test(header) || header.length > 4096 || !/^\S+ \S/.test(header)) {
      errors.push(
        'CODAT_AUTH_HEADER must be the whole header value on one line, e.g. "Basic <base64>"',
      )
      return undefined
    }
    return header
  }
  if (key) {
    if (/^basic\s/i.test(key)) {
      errors.push(
        'CODAT_API_KEY holds a whole "Basic …" header: put that in CODAT_AUTH_HEADER instead',
      )
      return undefined
    }
    if (!VISIBLE_ASCII.test(key) || key.length > 1024) {
      errors.push('CODAT_API_KEY must be the key from Codat, on one line, with no spaces')
      return undefined
    }
    return `Basic ${Buffer.from(key, 'utf8').toString('base64')}`
  }
  errors.push(MISSING_KEY_MESSAGE)
  return undefined
}

function readBaseUrl(text: string, errors: string[]): URL | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    errors.push(`CODAT_BASE_URL "${text}" is not a URL (expected e.g. ${DEFAULT_BASE_URL})`)
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    errors.push(`CODAT_BASE_URL must start with https:// or http://, not ${url.protocol}`)
    return undefined
  }
  if (url.username || url.password || url.search || url.hash) {
    errors.push('CODAT_BASE_URL must not contain credentials, a query or a fragment')
    return undefined
  }
  // Plain http would send the key in clear: only to this machine (npm run sim, a local stand-in).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    errors.push(
      `CODAT_BASE_URL must use https:// (plain http:// is allowed only for 127.0.0.1, ::1 or ` +
        `localhost), not ${url.origin}`,
    )
    return undefined
  }
  return url
}

function readInteger(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  errors: string[],
): number {
  const text = env[name]?.trim()
  if (!text) return fallback
  const value = Number(text)
  if (!/^\d+$/.test(text) || value < min || value > max) {
    errors.push(`${name} must be a whole number from ${min} to ${max}, not "${text}"`)
    return fallback
  }
  return value
}

function readFlag(env: Env, name: string, errors: string[]): boolean {
  const text = env[name]?.trim().toLowerCase() ?? ''
  if (['1', 'true', 'yes', 'on'].includes(text)) return true
  if (['', '0', 'false', 'no', 'off'].includes(text)) return false
  errors.push(`${name} must be 1 or 0, not "${env[name]}"`)
  return false
}

export function readFleetConfig(env: Env, errors: string[]): FleetConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
    errors.push('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/db)')
  const reserveText = env.FLEET_QUOTA_RESERVE?.trim().replace(/\s*%$/, '')
  let quotaReserve = 0.2
  if (reserveText) {
    const value = Number(reserveText)
    if (!/^\d+(\.\d+)?$/.test(reserveText) || value > 90)
      errors.push(
        `FLEET_QUOTA_RESERVE must be a percentage from 0 to 90 (e.g. 20), not "${env.FLEET_QUOTA_RESERVE}"`,
      )
    else quotaReserve = value / 100
  }
  const secrets = (env.CODAT_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean)
  secrets.forEach((secret, index) => {
    if (isSigningSecret(secret)) return
    // Named by position, never by value: the error list is printed at start-up.
    const which = secrets.length > 1 ? ` (entry ${index + 1} of ${secrets.length})` : ''
    errors.push(
      `CODAT_WEBHOOK_SECRET${which} is not a signing secret: it must be the endpoint's secret ` +
        "from Codat's Portal, whsec_ followed by base64; several are comma-separated",
    )
  })
  return {
    databaseUrl,
    dataDir: env.FLEET_DATA_DIR?.trim() || './data',
    scanIntervalMinutes: readInteger(env, 'FLEET_SCAN_INTERVAL_MINUTES', 30, 1, 1440, errors),
    concurrency: readInteger(env, 'FLEET_CONCURRENCY', 4, 1, MAX_FLEET_CONCURRENCY, errors),
    maxRequestsPerMinute: readInteger(env, 'FLEET_MAX_REQUESTS_PER_MINUTE', 300, 1, 1000, errors),
    quotaReserve,
    staleHours: readInteger(env, 'FLEET_STALE_HOURS', 24, 1, 8760, errors),
    webhookSecrets: secrets,
  }
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
