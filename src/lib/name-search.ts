// Company name search: every word, in any order, ignoring case and accents, within what Codat's
// `query` can express (`name~word&&name~word`, no escaping), narrowed here where it cannot.

/** Lower case without accents: "Zoë's Café" → "zoe's cafe". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The words of a search, folded, duplicates and empty ones dropped. */
export function searchWords(text: string): string[] {
  return [
    ...new Set(
      foldText(text)
        .split(/\s+/)
        .filter((word) => word !== ''),
    ),
  ]
}

/**
 * What a name is searched by: the name folded. The fleet's database stores it beside the name
 * and matches each word of {@link searchWords} with `strpos`, the same test as {@link nameMatches}.
 */
export function nameSearchKey(name: string): string {
  return foldText(name)
}

/** True when the name contains every word (folded), in any order. */
export function nameMatches(name: string, words: readonly string[]): boolean {
  const key = nameSearchKey(name)
  return words.every((word) => key.includes(word))
}

// What may stand in a Codat query value: ASCII without the query's own syntax. An accented letter
// is left out too, as Codat may compare accents exactly.
const SENDABLE_RUN = /[A-Za-z0-9'.,()/_@#$%^*+:;?"-]+/g
const QUERY_SYNTAX = /&&|\|\||[{}=!~<>|&]/g

/**
 * The longest part of a word Codat can be asked for: "nörthwind" → "rthwind", "a=b" → "a".
 * Empty when nothing of it can be sent.
 */
export function sendablePart(word: string): string {
  const runs = word.replace(QUERY_SYNTAX, ' ').match(SENDABLE_RUN) ?? []
  return runs
    .map((run) => run.trim())
    .reduce((longest, run) => (run.length > longest.length ? run : longest), '')
}

export interface NameSearch {
  words: string[]
  /** Codat's `query`, or undefined when no word can be sent (every company is read). */
  query?: string
  /** Codat's answer is already the answer: no word had to be shortened or left out. */
  isExact: boolean
}

/** `north wind` → `name~north&&name~wind`, exact; `café` → `name~caf`, narrowed here. */
export function nameSearch(text: string): NameSearch {
  const words = searchWords(text)
  // Words the user typed as they are (accents kept), so the sent part matches the name's spelling.
  const typed = [...new Set(text.split(/\s+/).filter((word) => word !== ''))]
  const parts = typed.map(sendablePart)
  const sent = [...new Set(parts.filter((part) => part !== ''))]
  const isExact = parts.every((part, index) => part !== '' && part === typed[index])
  return {
    words,
    query: sent.length === 0 ? undefined : sent.map((part) => `name~${part}`).join('&&'),
    isExact,
  }
}
