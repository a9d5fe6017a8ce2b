// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { AlertNotice, DigestGroup, TypeChange } from './alert-rules.ts'
import { parseCodatDate, type CodatDate } from './dates.ts'
import { diagnose } from './diagnosis.ts'
import type { DiagnosisInput } from './diagnosis-types.ts'
import { alertDetail, companyLink, fleetLink } from './alert-content.ts'
import { alertMessage } from './alert-message.ts'
import { slackBody } from './alert-slack.ts'

const NOW = Date.parse('2026-12-06T10:00:00Z')
const PUBLIC = new URL('https://console.example.com/ops')
const COMPANY = '8a2f3c1e-0000-4000-8000-000000000001'
const date = (iso: string) => parseCodatDate(iso) as CodatDate

const failing: DiagnosisInput = {
  dataType: 'invoices',
  status: {
    dataType: 'invoices',
    currentStatus: 'FetchError',
    lastSuccessfulSync: date('2026-12-04T08:00:00Z'),
    latestSyncId: 'op-2',
  },
  connections: [
    { id: 'conn-1', platformName: 'Xero', status: 'Linked', linkUrl: 'https://link.codat.io/x' },
  ],
  history: [
    {
      id: 'op-2',
      connectionId: 'conn-1',
      status: 'FetchError',
      errorMessage: 'Xero answered 503 <Service Unavailable> & gave up',
      requested: date('2026-12-06T09:00:00Z'),
      progress: 100,
    },
    {
      id: 'op-1',
      connectionId: 'conn-1',
      status: 'FetchError',
      errorMessage: 'Xero answered 503',
      requested: date('2026-12-05T09:00:00Z'),
      progress: 100,
    },
  ],
}

const relink: DiagnosisInput = {
  ...failing,
  status: { ...failing.status, currentStatus: 'AuthError' },
  connections: [
    {
      id: 'conn-1',
      platformName: 'Xero',
      status: 'Deauthorized',
      linkUrl: 'https://link.codat.io/x',
    },
  ],
  history: [],
}

function changeOf(input: DiagnosisInput, health: string): TypeChange {
  return {
    companyId: COMPANY,
    companyName: 'Alder & Ash',
    dataType: 'invoices',
    health,
    previousHealth: 'healthy',
    platform: 'Xero',
    detail: alertDetail(input, { nowMs: NOW, staleHours: 24, since: '2026-12-05T09:00:00.000Z' }),
  }
}

/** The rules' notices, told at 10:05 of a change first seen at 10:00 or of an outage from 10:01. */
const toldChange = (change: TypeChange): AlertNotice => ({
  kind: 'change',
  at: '2026-12-06T10:05:00.000Z',
  from: 'healthy',
  seenAt: '2026-12-06T10:00:00.000Z',
  change,
})
const outage = (reason: string): AlertNotice => ({
  kind: 'codat-down',
  at: '2026-12-06T10:06:00.000Z',
  since: '2026-12-06T10:01:00.000Z',
  reason,
})
const render = (notice: AlertNotice) => alertMessage(notice, 'msg_1', PUBLIC)

describe('what an alert says of a data type', () => {
  it('gives the "Why?" panel’s own diagnosis, the latest error and since when', () => {
    const detail = changeOf(failing, 'failing').detail
    expect(detail).toEqual({
      status: 'FetchError',
      since: '2026-12-05T09:00:00.000Z',
      error: 'Xero answered 503 <Service Unavailable> & gave up',
      diagnosis: diagnose(failing, { nowMs: NOW, staleHours: 24, timeZone: 'UTC' }).summary,
      next: diagnose(failing, { nowMs: NOW, staleHours: 24 }).next,
      relinkUrl: null,
    })
    expect(detail.diagnosis).toMatch(/^Failing: /)
  })

  it('links to relink when that is the next step', () => {
    expect(changeOf(relink, 'needs_relink').detail).toMatchObject({
      relinkUrl: 'https://link.codat.io/x',
      next: { kind: 'relink' },
    })
  })

  it('links under the console’s public address, sub-path included', () => {
    expect(companyLink(PUBLIC, COMPANY, 'invoices')).toBe(
      `https://console.example.com/ops/companies/${COMPANY}?why=invoices`,
    )
    expect(companyLink(PUBLIC, COMPANY, 'Xero connection')).toBe(
      `https://console.example.com/ops/companies/${COMPANY}`,
    )
    expect(fleetLink(PUBLIC, { health: 'failing', platform: 'QuickBooks Online' })).toBe(
      'https://console.example.com/ops/?health=failing&platform=QuickBooks+Online',
    )
  })

  it('puts the screen after the hash for a console that routes by hash (the static demo)', () => {
    const demo = new URL('https://example.github.io/console/#/')
    expect(companyLink(demo, COMPANY, 'invoices')).toBe(
      `https://example.github.io/console/#/companies/${COMPANY}?why=invoices`,
    )
    expect(fleetLink(demo, { health: 'stale' })).toBe(
      'https://example.github.io/console/#/?health=stale',
    )
  })
})

describe('the generic JSON message', () => {
  it('carries company, type, status, since, error, diagnosis and links', () => {
    const message = render(toldChange(changeOf(relink, 'needs_relink')))
    expect(message).toMatchObject({
      type: 'alert.change',
      id: 'msg_1',
      title: 'Alder & Ash: invoices needs relink',
      company: { id: COMPANY, name: 'Alder & Ash' },
      dataType: 'invoices',
      health: 'needs_relink',
      previousHealth: 'healthy',
      status: 'AuthError',
      since: '2026-12-05T09:00:00.000Z',
      links: [
        {
          label: 'Open the company',
          url: `https://console.example.com/ops/companies/${COMPANY}?why=invoices`,
        },
        { label: 'Relink', url: 'https://link.codat.io/x' },
      ],
    })
    expect(message.text).toContain('Since 5 Dec 2026, 09:00 UTC.')
    expect(message.text).toContain(message.diagnosis)
  })

  it('says a Codat outage once, with since when and why', () => {
    const message = render(outage('Codat answered 503'))
    expect(message.title).toBe('Codat unreachable since 6 Dec 2026, 10:01 UTC')
    expect(message.codat).toEqual({
      since: '2026-12-06T10:01:00.000Z',
      reason: 'Codat answered 503',
    })
  })
})

describe('the Slack message', () => {
  it('is Block Kit with a plain fallback, escaped text and link buttons', () => {
    const message = render(toldChange(changeOf(failing, 'failing')))
    const body = slackBody(message)
    expect(body.text).toBe('Alder & Ash: invoices is failing')
    expect(body.blocks.map((block) => block.type)).toEqual([
      'header',
      'section',
      'section',
      'context',
      'actions',
    ])
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Alder & Ash: invoices is failing' },
    })
    expect(JSON.stringify(body.blocks[2])).toContain('Alder &amp; Ash (8a2f3c1e')
    expect(body.blocks[3]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Error: Xero answered 503 &lt;Service Unavailable&gt; &amp; gave up',
        },
      ],
    })
    expect(body.blocks[4]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the company' },
          url: `https://console.example.com/ops/companies/${COMPANY}?why=invoices`,
        },
      ],
    })
  })

  it('groups a digest by platform and error, each with its first names and its Fleet', () => {
    const group = (platform: string, status: string, companies: number): DigestGroup => ({
      health: 'failing',
      platform,
      status,
      types: companies,
      companies,
      names: ['A', 'B', 'C', 'D', 'E'],
    })
    const at = '2026-12-06T10:05:00.000Z'
    const message = render({
      kind: 'digest',
      at,
      changes: 143,
      groups: [group('Xero', 'FetchError', 143)],
    })
    const body = slackBody(message)
    expect(body.text).toBe('143 health changes within a minute')
    expect(body.blocks[2]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*failing · Xero · FetchError · 143 companies*\nA, B, C, D, E, …',
      },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'Show in the Fleet' },
        url: 'https://console.example.com/ops/?health=failing&platform=Xero',
      },
    })
    expect(message.groups?.[0]?.fleetUrl).toBe(
      'https://console.example.com/ops/?health=failing&platform=Xero',
    )
  })

  it('keeps a long title within Slack’s header limit', () => {
    const message = render(outage('x'))
    const body = slackBody({ ...message, title: 'T'.repeat(400) })
    const header = body.blocks[0] as { text: { text: string } }
    expect(header.text.text).toHaveLength(150)
  })
})
