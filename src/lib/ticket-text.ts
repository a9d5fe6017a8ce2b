// The plain-text summary of a pull operation that support staff paste into a ticket, and the
// time formats every ticket text shares.
import { formatAbsolute, formatDuration, type CodatDate } from './dates.ts'
import type { DiagnosisOperation } from './diagnosis-types.ts'

/** The fields of a pull operation a ticket names: a diagnosis's and more; the parsed API shape fits. */
export interface TicketOperation extends DiagnosisOperation {
  companyId: string
  dataType: string
  isCompleted: boolean
  isErrored: boolean
}

export interface TicketInput {
  operation: TicketOperation
  companyName?: string
  /** e.g. "QuickBooks Online (Linked)" */
  connectionLabel?: string
  /** The console address of this operation. */
  url: string
}

/** UTC for people, plus Codat's own text so it can be matched against logs. */
export function utcAndSent(date: CodatDate): string {
  return `${formatAbsolute(date, { timeZone: 'UTC' })} (as sent: ${date.raw})`
}

/**
 * The time in the viewer's zone, named ("Europe/Berlin: 28 Nov 2026, 22:05:03 CET"); a time
 * Codat sent without a zone cannot be converted, so it is left out rather than guessed.
 */
export function inViewerZone(date: CodatDate, viewerTimeZone: string): string | undefined {
  if (date.zone === 'unspecified' || date.zone === 'date-only') return undefined
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone: viewerTimeZone,
  }).format(new Date(date.epochMs))
  return `${viewerTimeZone}: ${text}`
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
    `Requested (UTC): ${utcAndSent(op.requested)}`,
    `Completed (UTC): ${op.completed ? utcAndSent(op.completed) : 'not yet'}`,
  )
  if (op.completed) {
    lines.push(`Duration: ${formatDuration(op.completed.epochMs - op.requested.epochMs)}`)
  }
  lines.push('Error message:', op.errorMessage ? op.errorMessage : '(none)', `Console: ${url}`)
  return lines.join('\n')
}
