// Reads text that should be JSON: the value, or undefined for anything that is not JSON.

/** The parsed value, or undefined when `text` is not JSON; a schema decides what it must be. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
