// Reads `.env` strictly: a byte-order mark is dropped, garbled lines and unclosed quotes are reported.
import { readFileSync, statSync } from 'node:fs'
import { parseEnv } from 'node:util'

export type DotEnvResult =
  | { kind: 'absent' }
  | { kind: 'read'; values: NodeJS.Dict<string>; warnings: string[] }
  | { kind: 'unusable'; error: string }

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/

/**
 * Node's own parser skips what it cannot read without a word, and a byte-order mark glued to
 * the first name makes that line unreadable: a `CONSOLE_READ_ONLY=1` there was silently lost. So
 * the mark is stripped, and every line that is not blank, a comment or NAME=value is reported.
 */
export function readDotEnv(path: string): DotEnvResult {
  let text: string
  try {
    if (statSync(path).isDirectory()) {
      return { kind: 'unusable', error: `${path} is a directory, not a settings file` }
    }
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { kind: 'absent' }
    return { kind: 'unusable', error: `Cannot read ${path} (${code ?? 'unknown error'})` }
  }
  text = text.replace(/^\uFEFF/, '')
  const warnings: string[] = []
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    const match = ASSIGNMENT.exec(line)
    if (!match) {
      warnings.push(`${path} line ${index + 1} is not NAME=value and is ignored`)
      continue
    }
    const [, name, value = ''] = match
    const quote = value[0]
    if (quote !== '"' && quote !== "'" && quote !== '`') continue
    // A quoted value may span lines (Node reads it so); it must close somewhere.
    const rest = [value.slice(1), ...lines.slice(index + 1)].join('\n')
    const close = rest.indexOf(quote)
    if (close === -1) {
      warnings.push(`${path} line ${index + 1}: the quote opened in ${name} is never closed`)
      break
    }
    index += rest.slice(0, close).split('\n').length - 1
  }
  return { kind: 'read', values: parseEnv(text), warnings }
}
