// An alert in Slack's Block Kit, for an incoming webhook: a header, the text, the facts, link buttons.
import { groupLine, HEALTH_WORDS as WORDS, type AlertMessage } from './alert-message.ts'

/** Slack's documented limits: header text 150, section text 3,000, field 2,000, button text 75. */
const LIMITS = { header: 150, section: 3000, field: 2000, button: 75, fields: 10, buttons: 25 }

/** Slack's mrkdwn treats &, < and > as markup; everything else from Codat goes as it came. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: cut(escape(text), max) })

export interface SlackBody {
  /** Shown in notifications and by clients that do not draw blocks. */
  text: string
  blocks: Record<string, unknown>[]
}

export function slackBody(message: AlertMessage): SlackBody {
  const facts: [string, string | null | undefined][] = [
    ['Company', message.company && `${message.company.name} (${message.company.id})`],
    ['Data type', message.dataType],
    ['Status', message.status],
    ['Since', message.since],
  ]
  const fields = facts
    .filter((fact): fact is [string, string] => Boolean(fact[1]))
    .slice(0, LIMITS.fields)
    .map(([label, value]) => ({
      type: 'mrkdwn',
      text: cut(`*${label}*\n${escape(value)}`, LIMITS.field),
    }))
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(message.title, LIMITS.header) } },
    // A digest's groups follow one by one, each with its names and its filtered Fleet.
    {
      type: 'section',
      text: mrkdwn(
        message.type === 'alert.digest' ? 'Grouped by platform and error:' : message.text,
        LIMITS.section,
      ),
    },
  ]
  if (fields.length > 0) blocks.push({ type: 'section', fields })
  if (message.error)
    blocks.push({ type: 'context', elements: [mrkdwn(`Error: ${message.error}`, LIMITS.field)] })
  for (const group of message.groups ?? [])
    if (group.names.length > 0)
      blocks.push({
        type: 'section',
        text: mrkdwn(
          `*${WORDS[group.health]} · ${groupLine(group)}*\n${group.names.join(', ')}${group.companies > group.names.length ? ', …' : ''}`,
          LIMITS.section,
        ),
        accessory: button('Show in the Fleet', group.fleetUrl),
      })
  const links = message.links.slice(0, LIMITS.buttons)
  if (links.length > 0)
    blocks.push({ type: 'actions', elements: links.map((link) => button(link.label, link.url)) })
  return { text: message.title, blocks: blocks.slice(0, 50) }
}

function button(label: string, url: string) {
  return { type: 'button', text: { type: 'plain_text', text: cut(label, LIMITS.button) }, url }
}
