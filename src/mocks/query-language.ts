// Codat's `query` and `orderBy` languages: `status=Complete&&{dataType~inv||progress<50}`, `-requested`.
import { readSortOrder } from '../lib/sort-order.ts'

export type QueryOperator = '=' | '!=' | '~' | '>' | '<' | '>=' | '<='

type QueryNode =
  | { kind: 'condition'; field: string; op: QueryOperator; value: string }
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }

export type FieldValue = string | number | boolean | undefined

/** The queryable properties of one entity, each reading a value from an item. */
export type Fields<T> = Readonly<Record<string, (item: T) => FieldValue>>

/** Thrown for a query Codat would refuse; the message is Codat's `error` text. */
export class QueryError extends Error {}

const OPERATORS: readonly QueryOperator[] = ['!=', '>=', '<=', '=', '~', '>', '<']
const FIELD = /^[A-Za-z][A-Za-z0-9_.]*$/

/** Parses a query; throws QueryError on bad syntax. */
export function parseQuery(text: string): QueryNode {
  let pos = 0
  const fail = (why: string): never => {
    throw new QueryError(`Error parsing query - ${why} at position ${pos}`)
  }
  const skipSpaces = () => {
    while (text[pos] === ' ') pos++
  }
  const parseCondition = (): QueryNode => {
    const end = [text.indexOf('&&', pos), text.indexOf('||', pos), text.indexOf('}', pos)]
      .filter((at) => at >= 0)
      .reduce((a, b) => Math.min(a, b), text.length)
    const raw = text.slice(pos, end)
    const opAt = raw.search(/[!=~<>]/)
    if (opAt < 0) fail(`expected an operator in '${raw.trim()}'`)
    const field = raw.slice(0, opAt).trim()
    const op = OPERATORS.find((candidate) => raw.startsWith(candidate, opAt))
    if (!op || !FIELD.test(field)) fail(`'${raw.trim()}' is not a condition`)
    const value = raw.slice(opAt + (op as string).length).trim()
    if (value === '') fail(`missing value for ${field}`)
    pos = end
    return { kind: 'condition', field, op: op as QueryOperator, value }
  }
  const parseTerm = (): QueryNode => {
    skipSpaces()
    if (text[pos] !== '{') return parseCondition()
    pos++
    const inner = parseOr()
    skipSpaces()
    if (text[pos] !== '}') fail("missing '}'")
    pos++
    skipSpaces()
    return inner
  }
  const parseAnd = (): QueryNode => {
    const items = [parseTerm()]
    while (text.startsWith('&&', pos)) {
      pos += 2
      items.push(parseTerm())
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'and', items }
  }
  const parseOr = (): QueryNode => {
    const items = [parseAnd()]
    while (text.startsWith('||', pos)) {
      pos += 2
      items.push(parseAnd())
    }
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'or', items }
  }
  const tree = parseOr()
  skipSpaces()
  if (pos < text.length) fail(`unexpected '${text.slice(pos)}'`)
  return tree
}

const asDate = (value: string): number =>
  Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`)

function compare(actual: FieldValue, op: QueryOperator, expected: string): boolean {
  if (actual === undefined) return op === '!='
  if (typeof actual === 'number' || typeof actual === 'boolean') {
    const want = typeof actual === 'number' ? Number(expected) : expected.toLowerCase() === 'true'
    const have = actual
    if (op === '=') return have === want
    if (op === '!=') return have !== want
    if (op === '~') return String(have).includes(expected)
    return compareOrdered(Number(have), Number(want), op)
  }
  const have = actual.toLowerCase()
  const want = expected.toLowerCase()
  if (op === '=') return have === want
  if (op === '!=') return have !== want
  if (op === '~') return have.includes(want)
  // Ordered comparisons on text are meant for dates, as in `requested>2024-01-31`.
  return compareOrdered(asDate(actual), asDate(expected), op)
}

function compareOrdered(have: number, want: number, op: QueryOperator): boolean {
  if (Number.isNaN(have) || Number.isNaN(want)) return false
  if (op === '>') return have > want
  if (op === '<') return have < want
  if (op === '>=') return have >= want
  return have <= want
}

/**
 * A predicate for the query over `fields`; an unknown property throws QueryError worded as
 * Codat's ("Could not resolve property isCompleted on Dataset").
 */
export function compileQuery<T>(
  text: string,
  fields: Fields<T>,
  entity: string,
): (item: T) => boolean {
  const build = (node: QueryNode): ((item: T) => boolean) => {
    if (node.kind === 'and') {
      const parts = node.items.map(build)
      return (item) => parts.every((part) => part(item))
    }
    if (node.kind === 'or') {
      const parts = node.items.map(build)
      return (item) => parts.some((part) => part(item))
    }
    const read = fields[node.field]
    if (!read) {
      throw new QueryError(
        `Error parsing query - Could not resolve property ${node.field} on ${entity}`,
      )
    }
    return (item) => compare(read(item), node.op, node.value)
  }
  return build(parseQuery(text))
}

/** A comparator for `orderBy` (`field` or `-field`); throws QueryError for unknown fields. */
export function compileOrderBy<T>(
  orderBy: string,
  fields: Fields<T>,
  entity: string,
): (a: T, b: T) => number {
  const { id: name, desc: descending } = readSortOrder(orderBy)
  const read = fields[name]
  if (!read)
    throw new QueryError(`Error parsing orderBy - Could not resolve property ${name} on ${entity}`)
  return (a, b) => {
    const x = read(a)
    const y = read(b)
    // Absent values (e.g. `completed` of a running operation) sort last either way.
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1
    const order = x < y ? -1 : x > y ? 1 : 0
    return descending ? -order : order
  }
}
