// @vitest-environment node
// Settings validation and the CONSOLE_USERS format.
import { describe, expect, it } from 'vitest'
import { loadConfig, MISSING_KEY_MESSAGE } from './settings.ts'
import { formatUserEntry, parseUsers } from '../auth/console-users.ts'
import { isLoopbackHost } from './settings-schema.ts'

const KEY = { CODAT_API_KEY: 'test-key-123' }

function errorsOf(env: Record<string, string>): string[] {
  const result = loadConfig(env)
  return result.ok ? [] : result.errors
}

describe('loadConfig', () => {
  it('builds Basic base64(key) and the defaults', () => {
    const result = loadConfig(KEY)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config.authHeader).toBe(`Basic ${Buffer.from('test-key-123').toString('base64')}`)
    expect(result.config.baseUrl.href).toBe('https://api.codat.io/')
    expect(result.config).toMatchObject({ host: '127.0.0.1', port: 8080, timeoutMs: 30000 })
    expect(result.config).toMatchObject({ readOnly: false, users: [] })
  })

  it('uses CODAT_AUTH_HEADER verbatim', () => {
    const result = loadConfig({ CODAT_AUTH_HEADER: 'Basic UG9ydGFsSGVhZGVy' })
    expect(result.ok && result.config.authHeader).toBe('Basic UG9ydGFsSGVhZGVy')
  })

  it('explains how to set a key, or run the demo, when none is set', () => {
    expect(errorsOf({})).toEqual([MISSING_KEY_MESSAGE])
    expect(MISSING_KEY_MESSAGE).toMatch(/CODAT_API_KEY/)
    expect(MISSING_KEY_MESSAGE).toMatch(/CODAT_AUTH_HEADER/)
    expect(MISSING_KEY_MESSAGE).toMatch(/\.env/)
    expect(MISSING_KEY_MESSAGE).toMatch(/npm run dev/)
  })

  it('refuses ambiguous or malformed keys without echoing them', () => {
    const both = errorsOf({ ...KEY, CODAT_AUTH_HEADER: 'Basic abc' })
    expect(both.join()).toMatch(/not both/)
    const header = errorsOf({ CODAT_API_KEY: 'Basic c2VjcmV0LWtleQ==' })
    expect(header.join()).toMatch(/CODAT_AUTH_HEADER instead/)
    expect(header.join()).not.toContain('c2VjcmV0LWtleQ')
    expect(errorsOf({ CODAT_AUTH_HEADER: 'no-scheme' }).join()).toMatch(/whole header value/)
    expect(errorsOf({ CODAT_API_KEY: 'has\nnewline' }).join()).toMatch(/one line/)
  })

  it.each([['abc'], ['-1'], ['65536'], ['80.5'], ['8080x']])('rejects PORT=%s', (port) => {
    expect(errorsOf({ ...KEY, PORT: port }).join()).toMatch(/PORT must be a whole number/)
  })

  it('accepts only http(s) base URLs without credentials', () => {
    expect(errorsOf({ ...KEY, CODAT_BASE_URL: 'ftp://x' }).join()).toMatch(/https:\/\//)
    expect(errorsOf({ ...KEY, CODAT_BASE_URL: 'not a url' }).join()).toMatch(/not a URL/)
    expect(errorsOf({ ...KEY, CODAT_BASE_URL: 'https://u:p@x' }).join()).toMatch(/credentials/)
    expect(errorsOf({ ...KEY, CODAT_BASE_URL: 'http://127.0.0.1:4010' })).toEqual([])
    expect(errorsOf({ ...KEY, CODAT_BASE_URL: 'http://[::1]:4010' })).toEqual([])
    // Plain http elsewhere would send the key in clear, or to a cloud metadata address.
    for (const url of ['http://api.codat.io', 'http://169.254.169.254/latest', 'http://10.0.0.8'])
      expect(errorsOf({ ...KEY, CODAT_BASE_URL: url }).join()).toMatch(/must use https:\/\//)
  })

  it('refuses a non-loopback HOST without users unless anonymous use is allowed', () => {
    expect(errorsOf({ ...KEY, HOST: '0.0.0.0' }).join()).toMatch(/CONSOLE_USERS is empty/)
    expect(errorsOf({ ...KEY, HOST: '0.0.0.0', CONSOLE_ALLOW_ANONYMOUS: '1' })).toEqual([])
    expect(errorsOf({ ...KEY, HOST: 'localhost' })).toEqual([])
    expect(errorsOf({ ...KEY, HOST: '::1' })).toEqual([])
  })

  it('validates flags, timeouts and user entries', () => {
    expect(errorsOf({ ...KEY, CONSOLE_READ_ONLY: 'maybe' }).join()).toMatch(/CONSOLE_READ_ONLY/)
    expect(errorsOf({ ...KEY, CODAT_TIMEOUT_MS: '0' }).join()).toMatch(/CODAT_TIMEOUT_MS/)
    expect(errorsOf({ ...KEY, CONSOLE_USERS: 'alice:admin' }).join()).toMatch(/entry 1/)
    const result = loadConfig({ ...KEY, CONSOLE_READ_ONLY: 'true' })
    expect(result.ok && result.config.readOnly).toBe(true)
  })

  it('caps calls per user at the pool of sockets to Codat and bounds the queue', () => {
    const result = loadConfig(KEY)
    expect(result.ok && [result.config.callsPerUser, result.config.queuePerUser]).toEqual([4, 20])
    expect(errorsOf({ ...KEY, CONSOLE_CALLS_PER_USER: '11' })).toEqual([
      'CONSOLE_CALLS_PER_USER must be a whole number from 1 to 10, not "11"',
    ])
    expect(errorsOf({ ...KEY, CONSOLE_CALLS_PER_USER: '0' }).join()).toMatch(/from 1 to 10/)
    expect(errorsOf({ ...KEY, CONSOLE_QUEUE_PER_USER: 'lots' })).toEqual([
      'CONSOLE_QUEUE_PER_USER must be a whole number from 0 to 1000, not "lots"',
    ])
    const set = loadConfig({ ...KEY, CONSOLE_CALLS_PER_USER: '2', CONSOLE_QUEUE_PER_USER: '0' })
    expect(set.ok && [set.config.callsPerUser, set.config.queuePerUser]).toEqual([2, 0])
  })

  it('lists every bad setting at once, in the order README.md documents them', () => {
    expect(
      errorsOf({ ...KEY, PORT: 'abc', CODAT_TIMEOUT_MS: '0', FLEET_STALE_HOURS: '0' }),
    ).toEqual([
      'CODAT_TIMEOUT_MS must be a whole number from 1 to 600000, not "0"',
      'PORT must be a whole number from 0 to 65535, not "abc"',
      'FLEET_STALE_HOURS must be a whole number from 1 to 8760, not "0"',
    ])
  })

  it('reads the alert settings: off without a webhook, and an address needed with one', () => {
    const off = loadConfig(KEY)
    expect(off.ok && off.config.alerts).toEqual({
      channel: null,
      holdMs: 300_000,
      digestThreshold: 10,
      publicUrl: null,
    })
    const slack = 'https://hooks.slack.com/services/T1/B2/abc'
    expect(errorsOf({ ...KEY, ALERT_WEBHOOK_URL: slack })).toEqual([
      'CONSOLE_PUBLIC_URL must be set when ALERT_WEBHOOK_URL is: messages link to the console at that address',
    ])
    // A bad address is said once, not also as missing.
    expect(errorsOf({ ...KEY, ALERT_WEBHOOK_URL: slack, CONSOLE_PUBLIC_URL: 'console' })).toEqual([
      'CONSOLE_PUBLIC_URL must be an http(s) URL, e.g. https://console.example.com/',
    ])
    const on = loadConfig({
      ...KEY,
      ALERT_WEBHOOK_URL: slack,
      CONSOLE_PUBLIC_URL: 'https://console.example.com/',
      ALERT_AFTER_MINUTES: '0',
    })
    expect(on.ok && on.config.alerts).toMatchObject({ channel: { kind: 'slack' }, holdMs: 0 })
  })

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].map(isLoopbackHost)).toEqual(
      Array(5).fill(true),
    )
    expect(['0.0.0.0', '10.0.0.1', 'example.com', '::'].some(isLoopbackHost)).toBe(false)
  })
})

describe('CONSOLE_USERS', () => {
  it('round-trips an entry made by user:add, in either accepted form', async () => {
    const entry = await formatUserEntry('alice', 'operator', 'correct horse battery')
    expect(entry).toMatch(/^alice:operator:scrypt:16384:8:1:[\w-]+:[\w-]+$/)
    expect(entry).not.toContain('$')
    const [name, role, , n, r, p, salt, hash] = entry.split(':')
    const phc = `${name}:scrypt$${n}$${r}$${p}$${salt}$${hash}:${role}`
    const bob = entry.replace('alice:operator', 'bob:viewer')
    const { users, errors } = parseUsers(`${entry},\n${phc.replace('alice', 'carol')}\n${bob}`)
    expect(errors).toEqual([])
    expect(users.map((user) => `${user.name}/${user.role}`)).toEqual([
      'alice/operator',
      'carol/operator',
      'bob/viewer',
    ])
    expect(users[0]?.hash.length).toBe(32)
  })

  it('reports bad entries by position without printing hashes', () => {
    const { errors } = parseUsers(
      'alice:root:scrypt:16384:8:1:c2FsdHNhbHQ:aGFzaGhhc2hoYXNoaGFzaA, x:y',
    )
    expect(errors[0]).toMatch(/entry 1 \(alice\): the role must be viewer or operator/)
    expect(errors[1]).toMatch(/entry 2: expected name:role:scrypt/)
    expect(errors.join()).not.toContain('aGFzaGhh')
  })

  it('reads the fleet settings, with their defaults', () => {
    const defaults = loadConfig(KEY)
    expect(defaults.ok && defaults.config.fleet).toEqual({
      databaseUrl: undefined,
      dataDir: './data',
      scanIntervalMinutes: 30,
      concurrency: 4,
      maxRequestsPerMinute: 300,
      quotaReserve: 0.2,
      staleHours: 24,
      webhookSecrets: [],
    })
    const set = loadConfig({
      ...KEY,
      DATABASE_URL: 'postgres://fleet:pw@db.internal:5432/fleet',
      FLEET_QUOTA_RESERVE: '35%',
      FLEET_CONCURRENCY: '10',
      CODAT_WEBHOOK_SECRET:
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
    })
    expect(set.ok && set.config.fleet).toMatchObject({
      databaseUrl: 'postgres://fleet:pw@db.internal:5432/fleet',
      quotaReserve: 0.35,
      concurrency: 10,
      webhookSecrets: [
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
      ],
    })
  })

  it('reads METRICS_TOKEN, and refuses one too short to guard anything', () => {
    const token = 'a1b2c3d4'.repeat(4)
    const result = loadConfig({ ...KEY, METRICS_TOKEN: ` ${token} ` })
    expect(result.ok && result.config.metricsToken).toBe(token)
    const open = loadConfig(KEY)
    expect(open.ok && open.config.metricsToken).toBeUndefined()
    expect(errorsOf({ ...KEY, METRICS_TOKEN: 'secret' })[0]).toMatch(/METRICS_TOKEN/)
    expect(errorsOf({ ...KEY, METRICS_TOKEN: 'secret' })[0]).not.toMatch(/secret"/)
  })

  it('stops on a bad fleet setting and says which', () => {
    expect(errorsOf({ ...KEY, FLEET_CONCURRENCY: '11' })).toEqual([
      'FLEET_CONCURRENCY must be a whole number from 1 to 10, not "11"',
    ])
    expect(errorsOf({ ...KEY, DATABASE_URL: 'mysql://x' })[0]).toMatch(/DATABASE_URL/)
    expect(errorsOf({ ...KEY, FLEET_QUOTA_RESERVE: 'lots' })[0]).toMatch(/FLEET_QUOTA_RESERVE/)
    expect(errorsOf({ ...KEY, CODAT_WEBHOOK_SECRET: 'secret' })[0]).toMatch(/whsec_/)
    expect(errorsOf({ ...KEY, FLEET_SCAN_INTERVAL_MINUTES: '0' })[0]).toMatch(
      /FLEET_SCAN_INTERVAL_MINUTES/,
    )
    expect(errorsOf({ ...KEY, FLEET_STALE_HOURS: 'a day' })[0]).toMatch(/FLEET_STALE_HOURS/)
    expect(errorsOf({ ...KEY, FLEET_MAX_REQUESTS_PER_MINUTE: '5000' })[0]).toMatch(
      /FLEET_MAX_REQUESTS_PER_MINUTE/,
    )
  })

  it('refuses a webhook secret that is not base64, naming its position and never its value', () => {
    const good = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const bad = 'whsec_AAAA=AAAAAAAAAAAAAAAA'
    expect(errorsOf({ ...KEY, CODAT_WEBHOOK_SECRET: bad })).toEqual([
      "CODAT_WEBHOOK_SECRET is not a signing secret: it must be the endpoint's secret from " +
        "Codat's Portal, whsec_ followed by base64; several are comma-separated",
    ])
    const errors = errorsOf({ ...KEY, CODAT_WEBHOOK_SECRET: `${good}, ${bad}` })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^CODAT_WEBHOOK_SECRET \(entry 2 of 2\) is not a signing secret/)
    expect(errors.join()).not.toContain('AAAA')
    expect(errors.join()).not.toContain('MfKQ')
  })

  it.each([
    ['4 GiB per attempt', '1048576:32:16'],
    ['a cheap hash that answers faster than the others', '1024:1:1'],
    ['a parallel cost', '16384:8:2'],
  ])('refuses scrypt settings outside the band: %s', (_name, params) => {
    const { users, errors } = parseUsers(
      `alice:viewer:scrypt:${params}:c2FsdHNhbHQ:aGFzaGhhc2hoYXNoaGFzaA`,
    )
    expect(users).toEqual([])
    expect(errors[0]).toMatch(/scrypt must use N=16384, 32768 or 65536, r=8, p=1/)
  })
})
