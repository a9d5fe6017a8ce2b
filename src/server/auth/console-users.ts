// CONSOLE_USERS entries: parsing, validation and scrypt hashing of console passwords.
import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto'

export type Role = 'viewer' | 'operator'
export const ROLES: readonly Role[] = ['viewer', 'operator']

export interface ScryptParams {
  N: number
  r: number
  p: number
}

export interface ConsoleUser {
  name: string
  role: Role
  params: ScryptParams
  salt: Buffer
  hash: Buffer
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1 }
/**
 * The band an entry may use: every check then costs about the same (timing cannot tell users
 * apart) and one entry cannot ask for gigabytes per attempt (N=65536, r=8 needs 64 MiB).
 */
const SCRYPT_N = [16384, 32768, 65536]
const SCRYPT_R = 8
const SCRYPT_P = 1
const KEY_LENGTH = 32
const SALT_LENGTH = 16
const NAME_PATTERN = /^[A-Za-z0-9._@+-]{1,64}$/
const B64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * Entries are separated by commas or newlines. The written form has no `$`, which shells and
 * Vite's .env expansion would eat: `name:role:scrypt:N:r:p:salt:hash` (salt and hash base64url).
 * The PHC-like `name:scrypt$N$r$p$salt$hash:role` is read as well.
 */
export function parseUsers(text: string): { users: ConsoleUser[]; errors: string[] } {
  const users: ConsoleUser[] = []
  const errors: string[] = []
  const entries = text
    .split(/[,\r\n]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'))
  entries.forEach((entry, index) => {
    const where = `CONSOLE_USERS entry ${index + 1}`
    const parts = entry.split(':')
    let fields: string[] | undefined
    if (parts.length === 8 && parts[2] === 'scrypt') {
      const [name, role, , ...rest] = parts as [string, string, string, ...string[]]
      fields = [name, role, ...rest]
    } else if (parts.length === 3 && parts[1]?.startsWith('scrypt$')) {
      const [name, phc, role] = parts as [string, string, string]
      const rest = phc.split('$').slice(1)
      if (rest.length === 5) fields = [name, role, ...rest]
    }
    if (!fields) {
      errors.push(
        `${where}: expected name:role:scrypt:N:r:p:salt:hash (make one with npm run user:add)`,
      )
      return
    }
    const [name = '', role = '', n = '', r = '', p = '', salt = '', hash = ''] = fields
    const problem = checkEntry(name, role, n, r, p, salt, hash)
    if (problem) {
      errors.push(`${where} (${NAME_PATTERN.test(name) ? name : 'unnamed'}): ${problem}`)
      return
    }
    if (users.some((user) => user.name === name)) {
      errors.push(`${where}: user ${name} is listed twice`)
      return
    }
    users.push({
      name,
      role: role as Role,
      params: { N: Number(n), r: Number(r), p: Number(p) },
      salt: Buffer.from(salt, 'base64'),
      hash: Buffer.from(hash, 'base64'),
    })
  })
  return { users, errors }
}

function checkEntry(...[name, role, n, r, p, salt, hash]: string[]): string | undefined {
  if (!NAME_PATTERN.test(name ?? '')) return 'the name must be 1-64 of A-Z a-z 0-9 . _ @ + -'
  if (!ROLES.includes(role as Role)) return `the role must be viewer or operator, not "${role}"`
  const N = Number(n)
  if (!SCRYPT_N.includes(N) || Number(r) !== SCRYPT_R || Number(p) !== SCRYPT_P)
    return (
      `scrypt must use N=16384, 32768 or 65536, r=${SCRYPT_R}, p=${SCRYPT_P} ` +
      `(npm run user:add makes N=${DEFAULT_SCRYPT.N}), not N=${n}, r=${r}, p=${p}`
    )
  if (!B64_PATTERN.test(salt ?? '') || Buffer.from(salt ?? '', 'base64').length < 8)
    return 'the salt must be base64 of at least 8 bytes'
  const hashLength = B64_PATTERN.test(hash ?? '') ? Buffer.from(hash ?? '', 'base64').length : 0
  if (hashLength < 16 || hashLength > 64) return 'the hash must be base64 of 16-64 bytes'
  return undefined
}

export function scryptAsync(
  password: string | Buffer,
  salt: Buffer,
  keyLength: number,
  { N, r, p }: ScryptParams,
): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

export async function formatUserEntry(
  name: string,
  role: Role,
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const hash = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, params)
  const b64 = (bytes: Buffer) => bytes.toString('base64url')
  return [name, role, 'scrypt', params.N, params.r, params.p, b64(salt), b64(hash)].join(':')
}
