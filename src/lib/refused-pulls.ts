// Linked connections whose latest pulls Codat was refused (AuthError): the relink the status hides.
import { sourceTypeOf } from './serving-connections.ts'
import { statusGroup } from './status-groups.ts'

export interface RefusableConnection {
  id: string
  status: string
  platformName: string
  sourceType?: string
}

export interface RefusedPulls<C extends RefusableConnection> {
  connection: C
  /** The data types whose latest pull was refused, sorted. */
  dataTypes: string[]
  /** Codat's statuses for them, without repeats: usually just AuthError. */
  statuses: string[]
}

interface StatusEntry {
  dataType: string
  currentStatus?: string | null
}

/** "bills", "bills and customers", "bills, customers and suppliers". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/**
 * Per Linked connection, the types of its kind (accounting, banking, commerce) whose latest
 * pull needs a relink. A type no kind claims goes to the only Linked connection, if one.
 * Connections already Deauthorized or PendingAuth say so themselves and are left out.
 */
export function refusedPulls<C extends RefusableConnection>(
  statuses: readonly StatusEntry[],
  connections: readonly C[],
): RefusedPulls<C>[] {
  const linked = connections.filter((connection) => connection.status === 'Linked')
  const found = new Map<C, { dataTypes: Set<string>; statuses: Set<string> }>()
  for (const entry of statuses) {
    const status = entry.currentStatus
    if (!status || statusGroup(status) !== 'relink') continue
    const kind = sourceTypeOf(entry.dataType)
    const ofKind = linked.filter(
      (c) => c.sourceType === kind || (kind === 'Banking' && c.sourceType === 'BankFeed'),
    )
    const owners = ofKind.length > 0 ? ofKind : linked.length === 1 ? linked : []
    for (const owner of owners) {
      const seen = found.get(owner) ?? { dataTypes: new Set(), statuses: new Set() }
      seen.dataTypes.add(entry.dataType)
      seen.statuses.add(status)
      found.set(owner, seen)
    }
  }
  return linked.flatMap((connection) => {
    const seen = found.get(connection)
    if (!seen) return []
    return [{ connection, dataTypes: [...seen.dataTypes].sort(), statuses: [...seen.statuses] }]
  })
}

/** "Linked, but Codat's last pulls of bills and customers failed with AuthError: relink Xero". */
export function describeRefusedPulls(refused: RefusedPulls<RefusableConnection>): string {
  const { connection, dataTypes, statuses } = refused
  const pulls = dataTypes.length === 1 ? 'last pull' : 'last pulls'
  return `Linked, but Codat’s ${pulls} of ${listInWords(dataTypes)} failed with ${listInWords(statuses)}: relink ${connection.platformName}`
}
