// The settings the console reads, and a warning (with the closest name) for any other name a .env sets.
import { SETTING_NAMES } from './settings-schema.ts'

/** Names that are not the console's own but that Node and its tools read, so a .env may set them. */
const STANDARD_NAMES: readonly string[] = ['NODE_ENV', 'NODE_OPTIONS', 'TZ']
const KNOWN_NAMES: ReadonlySet<string> = new Set([...SETTING_NAMES, ...STANDARD_NAMES])

/**
 * One warning per name in `names` that is neither a console setting nor a standard one: a
 * typo such as CODAT_APIKEY would otherwise leave the real setting unset without a word.
 */
export function unknownSettingWarnings(names: Iterable<string>, source = '.env'): string[] {
  const warnings: string[] = []
  for (const name of new Set(names)) {
    if (KNOWN_NAMES.has(name)) continue
    const closest = closestSetting(name)
    warnings.push(
      `${source} sets ${name}, which is not a setting the console reads` +
        (closest
          ? `; did you mean ${closest}?`
          : ' (the settings are listed in .env.example and README.md)'),
    )
  }
  return warnings
}

/** The setting nearest in spelling, ignoring case and underscores, if it is near enough to be a typo. */
export function closestSetting(name: string): string | undefined {
  const plain = squash(name)
  let best: { name: string; distance: number } | undefined
  for (const candidate of SETTING_NAMES) {
    const distance = editDistance(plain, squash(candidate))
    if (!best || distance < best.distance) best = { name: candidate, distance }
  }
  if (!best) return undefined
  const allowed = Math.max(2, Math.ceil(plain.length * 0.4))
  return best.distance <= allowed ? best.name : undefined
}

function squash(name: string): string {
  return name.toUpperCase().replace(/_/g, '')
}

/** Levenshtein distance, counting a swap of two neighbouring letters as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] as number[]
    const above = rows[i - 1] as number[]
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      )
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1)
      row[j] = value
    }
  }
  return (rows[a.length] as number[])[b.length] as number
}
