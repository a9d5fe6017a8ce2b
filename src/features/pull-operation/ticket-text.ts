// The plain-text summary of a pull operation that support staff paste into a ticket.
import type { PullOperation } from '../../api/schemas'
import { formatAbsolute, formatDuration, type CodatDate } from '../../lib/dates'

export interface TicketInput {
  operation: PullOperation
  companyName?: string
  /** e.g. "QuickBooks Online (Linked)" */
  connectionLabel?: string
  /** The console address of this operation. */
  url: string
}

/** UTC for people, plus Codat's own text so it can be matched against logs. */
function utc(date: CodatDate): string {
  return `${formatAbsolute(date, { timeZone: 'UTC' })} (as sent: ${date.raw})`
}

export function ticketText({ operation, companyName, connectionLabel, url }: TicketInput): string {
  const op = operation
  const lines = [
    `Codat pull operation: ${op.dataType}, ${op.status}`,
    `Company: ${companyName ? `${companyName} ` : ''}(${op.companyId})`,
    `Pull operation (dataset) ID: ${op.id}`,
    `Connection ID: ${op.connectionId}${connectionLabel ? ` ${connectionLabel}` : ''}`,
    `Data type: ${op.dataType}`,
    `Status: ${op.status}`,
  ]
  if (op.statusDescription) lines.push(`Status description: ${op.statusDescription}`)
  lines.push(
    `Completed: ${op.isCompleted ? 'yes' : 'no'}; errored: ${op.isErrored ? 'yes' : 'no'}; progress: ${op.progress}`,
    `Requested (UTC): ${utc(op.requested)}`,
    `Completed (UTC): ${op.completed ? utc(op.completed) : 'not yet'}`,
  )
  if (op.completed) {
    lines.push(`Duration: ${formatDuration(op.completed.epochMs - op.requested.epochMs)}`)
  }
  lines.push('Error message:', op.errorMessage ? op.errorMessage : '(none)', `Console: ${url}`)
  return lines.join('\n')
}
