// Builds Codat `query` and `orderBy` strings from structured input, refusing anything ambiguous.
import { readSortOrder, sortOrderText, type SortOrder } from './sort-order.ts'
import { statusesInGroups } from './status-groups.ts'

export type QueryOperator = '=' | '!=' | '~' | '>' | '<' | '>=' | '<='

export interface QueryCondition {
  field: string
  /** Defaults to `=`. */
  op?: QueryOperator
  value: string | number
}

/** Conditions joined with `||`; grouped in `{}` when combined with other clauses. */
export interface AnyOfClause {
  anyOf: readonly QueryCondition[]
}

export type QueryClause = QueryCondition | AnyOfClause

/** Codat rejects longer queries. */
export const MAX_QUERY_LENGTH = 2047

const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/
// Codat documents no escaping inside values, so a value holding query syntax cannot be sent
// safely: it would silently change the filter's meaning.
const METACHARACTERS = /&&|\|\||[{}=!~<>]/

/**
 * Joins clauses with `&&`. Returns `undefined` when there is nothing to filter on, so the
 * parameter is left out of the request. Throws on a value Codat could misread.
 */
export function buildQuery(clauses: readonly QueryClause[]): string | undefined {
  const parts = clauses.map(renderClause).filter((part) => part.text !== '')
  if (parts.length === 0) return undefined
  const query = parts
    .map((part) => (part.isOr && parts.length > 1 ? `{${part.text}}` : part.text))
    .join('&&')
  if (query.length > MAX_QUERY_LENGTH) {
    throw new Error(`Codat query is ${query.length} characters; the limit is ${MAX_QUERY_LENGTH}`)
  }
  return query
}

function renderClause(clause: QueryClause): { text: string; isOr: boolean } {
  if (!('anyOf' in clause)) return { text: renderCondition(clause), isOr: false }
  return { text: clause.anyOf.map(renderCondition).join('||'), isOr: clause.anyOf.length > 1 }
}

function renderCondition({ field, op = '=', value }: QueryCondition): string {
  if (!FIELD.test(field)) throw new Error(`"${field}" is not a valid Codat query field name`)
  const text = String(value)
  if (text.trim() === '') throw new Error(`The value for ${field} is empty`)
  if (METACHARACTERS.test(text)) {
    throw new Error(
      `The value ${JSON.stringify(text)} for ${field} contains Codat query syntax ` +
        '(&&, ||, {, }, =, !, ~, <, >), which Codat gives no way to escape',
    )
  }
  return `${field}${op}${text}`
}

/** `field=a||field=b||…` as one clause; an empty list filters nothing. */
export function anyOf(field: string, values: readonly string[]): AnyOfClause {
  return { anyOf: values.map((value) => ({ field, value })) }
}

/** Pull operations that failed or need the end user to relink. */
export const FAILURES_ONLY: AnyOfClause = anyOf('status', statusesInGroups('error', 'relink'))

/** Pull operations still running. */
export const IN_PROGRESS: AnyOfClause = anyOf('status', statusesInGroups('in-progress'))

/** Pull-operation fields `orderBy` is offered on. */
export const SORTABLE_FIELDS = ['requested', 'completed', 'dataType', 'status'] as const
export type SortableField = (typeof SORTABLE_FIELDS)[number]

/** The shape of a TanStack Table sorting entry, so table state converts directly. */
export type SortSpec = SortOrder<SortableField>

export function isSortableField(value: string): value is SortableField {
  return (SORTABLE_FIELDS as readonly string[]).includes(value)
}

/** `{ id: 'requested', desc: true }` → `-requested`. Throws for a field Codat cannot sort on. */
export function toOrderBy(sort: { id: string; desc: boolean }): string {
  if (!isSortableField(sort.id)) {
    throw new Error(
      `Cannot sort pull operations by "${sort.id}" (use ${SORTABLE_FIELDS.join(', ')})`,
    )
  }
  return sortOrderText(sort)
}

/** `-requested` → `{ id: 'requested', desc: true }`; anything else (e.g. from a URL) → undefined. */
export function parseOrderBy(raw: string | undefined): SortSpec | undefined {
  if (raw === undefined) return undefined
  const { id, desc } = readSortOrder(raw)
  return isSortableField(id) ? { id, desc } : undefined
}
