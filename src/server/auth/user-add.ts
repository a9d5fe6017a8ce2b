// `npm run user:add -- <user> <viewer|operator>`: hashes a password and prints one CONSOLE_USERS entry.
import { stdin, stderr, stdout } from 'node:process'
import { formatUserEntry, parseUsers, ROLES, type Role } from './console-users.ts'
import { weakPasswordReason } from './password-strength.ts'

const [name = '', role = ''] = process.argv.slice(2)
if (!ROLES.includes(role as Role) || name === '')
  fail('Usage: npm run user:add -- <user> <viewer|operator>')

const password = process.env.CONSOLE_PASSWORD ?? (await readPassword())
const weakness = weakPasswordReason(password, name)
if (weakness) fail(weakness)
const entry = await formatUserEntry(name, role as Role, password)
const check = parseUsers(entry)
if (check.errors.length > 0) fail(check.errors.join('\n'))
stderr.write('Add this to CONSOLE_USERS (entries separated by commas or new lines):\n')
stdout.write(`${entry}\n`)

function fail(message: string): never {
  stderr.write(`${message}\n`)
  process.exit(1)
}

/** Reads one line from stdin; on a terminal the typed characters are not echoed. */
async function readPassword(): Promise<string> {
  if (!stdin.isTTY) {
    let text = ''
    for await (const chunk of stdin) text += String(chunk)
    return text.replace(/\r?\n$/, '')
  }
  stderr.write('Password: ')
  stdin.setRawMode(true)
  stdin.setEncoding('utf8')
  let typed = ''
  return new Promise((done) => {
    const onData = (key: string) => {
      for (const char of key) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          stdin.setRawMode(false)
          stdin.off('data', onData)
          stdin.pause()
          stderr.write('\n')
          return done(typed)
        }
        if (char === '\u0003') {
          stdin.setRawMode(false)
          stderr.write('\n')
          process.exit(130)
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1)
        else typed += char
      }
    }
    stdin.on('data', onData)
    stdin.resume()
  })
}
