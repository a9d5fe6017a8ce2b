// The connections offered for refreshing one data type: those whose source type supplies it
// first, then other linked ones with why they are unlikely to work, then the unusable ones.
import type { Connection } from '../../api/schemas.ts'
import { sourceTypeOf } from '../../lib/serving-connections.ts'

export interface ConnectionChoice {
  connection: Connection
  /** Linked and of the kind that supplies the data type. */
  isLikely: boolean
  /** Set when it cannot be chosen (not linked). */
  unavailable?: string
  /** Set when it can be chosen but is unlikely to supply the data type. */
  caution?: string
}

function suppliesKind(connection: Connection, kind: string | undefined): boolean {
  if (kind === undefined) return true
  return (
    connection.sourceType === kind || (kind === 'Banking' && connection.sourceType === 'BankFeed')
  )
}

function whyUnavailable(connection: Connection): string {
  switch (connection.status) {
    case 'PendingAuth':
      return 'not linked yet: the business never finished authorising it'
    case 'Deauthorized':
      return 'access was lost: the business must relink it'
    case 'Unlinked':
      return 'unlinked'
    default:
      return `not linked (${connection.status})`
  }
}

export function connectionChoices(
  dataType: string,
  connections: readonly Connection[],
): ConnectionChoice[] {
  const kind = sourceTypeOf(dataType)
  const choices = connections.map((connection): ConnectionChoice => {
    const fits = suppliesKind(connection, kind)
    if (connection.status !== 'Linked') {
      return { connection, isLikely: false, unavailable: whyUnavailable(connection) }
    }
    return fits
      ? { connection, isLikely: true }
      : {
          connection,
          isLikely: false,
          caution: `unlikely to work: ${dataType} comes from ${kind ?? 'another'} platforms, and this is ${connection.sourceType === 'Accounting' ? 'an' : 'a'} ${connection.sourceType} one`,
        }
  })
  const rank = (choice: ConnectionChoice) =>
    choice.isLikely
      ? 0
      : choice.unavailable && suppliesKind(choice.connection, kind)
        ? 1
        : choice.unavailable
          ? 3
          : 2
  return choices.sort((a, b) => rank(a) - rank(b))
}
