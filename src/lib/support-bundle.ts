// Markdown for a support ticket about one company or one of its data types: IDs, statuses, times in
// UTC and the viewer's zone, the diagnosis, the error, the latest pulls and the console link.
import { formatAbsolute, formatDuration, type CodatDate } from './dates.ts'
import type { Diagnosis } from './diagnosis-types.ts'
import { newestFirst } from './failure-run.ts'
import { inViewerZone, ticketText, utcAndSent, type TicketOperation } from './ticket-text.ts'

export interface BundleConnection {
  id: string
  platformName: string
  status: string
  linkUrl: string
}

export interface BundleStatus {
  dataType: string
  currentStatus?: string | null
  lastSuccessfulSync?: CodatDate
  latestSyncId?: string
  latestSuccessfulSyncId?: string
}

export interface BundleContext {
  company: { id: string; name?: string }
  connections: readonly BundleConnection[] | undefined
  /** The console address to open the same view. */
  url: string
  /** When the facts were read. */
  readAt: CodatDate
  /** The viewer's IANA zone, e.g. `Europe/Berlin`. */
  viewerTimeZone: string
}

export const BUNDLE_OPERATIONS = 5

/** A Markdown table cell: one line, pipes escaped, never empty. */
function cell(text: string | undefined | null): string {
  const flat = (text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim()
  return flat === '' ? '–' : flat
}

/** "28 Nov 2026, 21:05:03 UTC (as sent: …); Europe/Berlin: 28 Nov 2026, 22:05:03 CET". */
function bothZones(date: CodatDate, viewerTimeZone: string): string {
  const local = inViewerZone(date, viewerTimeZone)
  return local ? `${utcAndSent(date)}; ${local}` : utcAndSent(date)
}

function header(title: string, context: BundleContext): string[] {
  const { company, connections, readAt, viewerTimeZone } = context
  const lines = [
    `## ${title}`,
    '',
    `- Company: ${company.name ? `${company.name} ` : ''}(\`${company.id}\`)`,
  ]
  if (connections === undefined) lines.push('- Connections: not known (could not be read)')
  else if (connections.length === 0) lines.push('- Connections: none')
  else {
    lines.push('- Connections:')
    for (const c of connections) {
      const link = c.status === 'Linked' ? '' : `, Link URL: ${c.linkUrl}`
      lines.push(`  - ${c.platformName} (\`${c.id}\`), ${c.status}${link}`)
    }
  }
  lines.push(`- Read: ${bothZones(readAt, viewerTimeZone)}`)
  return lines
}

function diagnosisLines(diagnosis: Diagnosis): string[] {
  return [
    '',
    '### Diagnosis',
    '',
    `**${diagnosis.summary}**`,
    '',
    `Next step: ${diagnosis.next.text}`,
    '',
    ...diagnosis.facts.map((fact) => `- ${fact}`),
  ]
}

function operationsTable(
  operations: readonly TicketOperation[],
  viewerTimeZone: string,
  withType: boolean,
): string[] {
  const head = `| Requested (UTC) | Requested (${viewerTimeZone}) |${withType ? ' Data type |' : ''} Status | Duration | Pull operation ID | Connection ID | Error |`
  const rule = `|---|---|${withType ? '---|' : ''}---|---|---|---|---|`
  const rows = operations.map((op) => {
    const duration = op.completed
      ? formatDuration(op.completed.epochMs - op.requested.epochMs)
      : 'running'
    const local = inViewerZone(op.requested, viewerTimeZone)?.replace(`${viewerTimeZone}: `, '')
    return `| ${cell(formatAbsolute(op.requested, { timeZone: 'UTC' }))} | ${cell(local ?? 'no zone given')} |${withType ? ` ${cell(op.dataType)} |` : ''} ${cell(op.status)} | ${duration} | \`${op.id}\` | \`${op.connectionId}\` | ${cell(op.errorMessage)} |`
  })
  return [head, rule, ...rows]
}

export interface DataTypeBundleInput extends BundleContext {
  status: BundleStatus
  diagnosis: Diagnosis
  /** That type's recent pulls, any order; undefined when they could not be read. */
  operations: readonly TicketOperation[] | undefined
}

export function dataTypeBundle(input: DataTypeBundleInput): string {
  const { status, diagnosis, viewerTimeZone } = input
  const lines = [
    ...header(
      `Codat data type ${status.dataType}: ${input.company.name ?? input.company.id}`,
      input,
    ),
    `- Data type: \`${status.dataType}\``,
    `- Status: ${status.currentStatus ?? 'never synced (no status from Codat)'}`,
    `- Last successful sync: ${status.lastSuccessfulSync ? bothZones(status.lastSuccessfulSync, viewerTimeZone) : 'never'}`,
  ]
  if (status.latestSyncId) lines.push(`- Latest pull operation ID: \`${status.latestSyncId}\``)
  if (status.latestSuccessfulSyncId) {
    lines.push(`- Latest successful pull operation ID: \`${status.latestSuccessfulSyncId}\``)
  }
  lines.push(...diagnosisLines(diagnosis))
  const recent = input.operations && newestFirst(input.operations).slice(0, BUNDLE_OPERATIONS)
  const latest = recent?.[0]
  lines.push('', `### Last ${BUNDLE_OPERATIONS} pull operations of ${status.dataType}`, '')
  if (!recent) lines.push('(The history could not be read.)')
  else if (recent.length === 0) lines.push('(None yet.)')
  else lines.push(...operationsTable(recent, viewerTimeZone, false))
  if (latest) {
    // The one-operation ticket text, as the operation's own screen copies it: the full error.
    const text = ticketText({ operation: latest, companyName: input.company.name, url: input.url })
    lines.push('', '### Latest pull operation', '', '```text', text, '```')
  }
  lines.push('', `Console: ${input.url}`)
  return lines.join('\n')
}

export interface CompanyBundleInput extends BundleContext {
  statuses: readonly BundleStatus[]
  /** The diagnosis of each data type, by data type. */
  diagnoses: ReadonlyMap<string, Diagnosis>
  /** The company's latest pulls of any type; undefined when they could not be read. */
  operations: readonly TicketOperation[] | undefined
}

export function companyBundle(input: CompanyBundleInput): string {
  const { viewerTimeZone } = input
  const lines = [
    ...header(`Codat company: ${input.company.name ?? input.company.id}`, input),
    '',
    '### Data types',
    '',
    `| Data type | Status | Last successful sync (UTC) | Last successful sync (${viewerTimeZone}) | Diagnosis | Next step |`,
    '|---|---|---|---|---|---|',
  ]
  for (const status of input.statuses) {
    const diagnosis = input.diagnoses.get(status.dataType)
    const last = status.lastSuccessfulSync
    const local = last && inViewerZone(last, viewerTimeZone)?.replace(`${viewerTimeZone}: `, '')
    lines.push(
      `| \`${status.dataType}\` | ${cell(status.currentStatus ?? 'never synced')} | ${cell(last ? formatAbsolute(last, { timeZone: 'UTC' }) : 'never')} | ${cell(last ? (local ?? 'no zone given') : 'never')} | ${cell(diagnosis?.summary)} | ${cell(diagnosis?.next.text)} |`,
    )
  }
  lines.push('', `### Last ${BUNDLE_OPERATIONS} pull operations`, '')
  const recent = input.operations && newestFirst(input.operations).slice(0, BUNDLE_OPERATIONS)
  if (!recent) lines.push('(The history could not be read.)')
  else if (recent.length === 0) lines.push('(None yet.)')
  else lines.push(...operationsTable(recent, viewerTimeZone, true))
  lines.push('', `Console: ${input.url}`)
  return lines.join('\n')
}
