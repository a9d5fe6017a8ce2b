// The parts of a link the screen could not read (a hand edit, an old link): the route's schema
// drops them to their defaults, and this says which, in words, so the screen can tell the user.

export interface UnreadPart {
  /** What the part sets, in the screen's words, e.g. "health". */
  label: string
  /** What the link said, as typed (shortened when long). */
  value: string
}

const SHOWN_CHARACTERS = 60

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS - 1)}…` : text
}

/**
 * Each labelled param the link gave (`raw`, as parsed from the URL) that the schema did not keep
 * (`read`), in the order of `labels`. A blank value is no value, not a mistake.
 */
export function unreadParts(
  raw: Readonly<Record<string, unknown>>,
  read: Readonly<Record<string, unknown>>,
  labels: Readonly<Record<string, string>>,
): UnreadPart[] {
  return Object.entries(labels).flatMap(([name, label]) => {
    const value = raw[name]
    if (value === undefined || value === null || read[name] !== undefined) return []
    if (typeof value === 'string' && value.trim() === '') return []
    return [{ label, value: shown(value) }]
  })
}
