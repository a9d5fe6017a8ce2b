// A sort as text, `field` or `-field` for descending: the one reading of it for every sorted list.

/** A field and its direction, as TanStack Table's sorting state spells it. */
export interface SortOrder<Field extends string = string> {
  id: Field
  desc: boolean
}

/** `-requested` → `{ id: 'requested', desc: true }`; `name` → `{ id: 'name', desc: false }`. */
export function readSortOrder<Field extends string>(text: Field | `-${Field}`): SortOrder<Field> {
  const desc = text.startsWith('-')
  return { id: (desc ? text.slice(1) : text) as Field, desc }
}

/** `{ id: 'requested', desc: true }` → `-requested`. */
export function sortOrderText<Field extends string>({
  id,
  desc,
}: SortOrder<Field>): Field | `-${Field}` {
  return desc ? `-${id}` : id
}
