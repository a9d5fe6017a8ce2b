// Which of a company's connections read a given data type.

export interface ServingConnection {
  id: string
  status: string
  sourceType?: string | null | undefined
}

/** Codat's source type that serves a data type, from its key; undefined for custom types. */
export function sourceTypeOf(dataType: string): string | undefined {
  if (dataType.startsWith('banking-')) return 'Banking'
  if (dataType.startsWith('commerce-')) return 'Commerce'
  return /^[a-z][A-Za-z]*$/.test(dataType) ? 'Accounting' : undefined
}

/**
 * The connections that read a type: those its pulls used; else those of its kind (a bank feed
 * counts as banking); else all of them, since a custom type could come from any.
 */
export function servingConnections<C extends ServingConnection>(
  dataType: string,
  connections: readonly C[],
  usedConnectionIds: Iterable<string>,
): C[] {
  const used = new Set(usedConnectionIds)
  const byUse = connections.filter((connection) => used.has(connection.id))
  if (byUse.length > 0) return byUse
  const kind = sourceTypeOf(dataType)
  const byKind = connections.filter(
    (c) => c.sourceType === kind || (kind === 'Banking' && c.sourceType === 'BankFeed'),
  )
  return byKind.length > 0 ? byKind : [...connections]
}
