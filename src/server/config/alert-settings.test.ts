// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readAlertSettings } from './alert-settings.ts'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('alert settings', () => {
  it('are off without a webhook URL, with the documented defaults', () => {
    expect(readAlertSettings({})).toEqual({
      settings: { channel: null, holdMs: 300_000, digestThreshold: 10, publicUrl: null },
      errors: [],
    })
  })

  it('send Block Kit to a Slack incoming webhook and signed JSON anywhere else', () => {
    const slack = readAlertSettings({
      ALERT_WEBHOOK_URL: ' https://hooks.slack.com/services/T1/B2/abc ',
      CONSOLE_PUBLIC_URL: 'https://console.example.com/ops/',
      ALERT_AFTER_MINUTES: '0',
      ALERT_DIGEST_THRESHOLD: '25',
    }).settings
    expect(slack?.channel).toEqual({
      kind: 'slack',
      url: new URL('https://hooks.slack.com/services/T1/B2/abc'),
    })
    expect(slack?.holdMs).toBe(0)
    expect(slack?.digestThreshold).toBe(25)
    expect(slack?.publicUrl?.href).toBe('https://console.example.com/ops/')
    const generic = readAlertSettings({
      ALERT_WEBHOOK_URL: 'https://alerts.example.com/codat',
      ALERT_WEBHOOK_SECRET: SECRET,
      CONSOLE_PUBLIC_URL: 'https://console.example.com',
    }).settings
    expect(generic?.channel).toEqual({
      kind: 'webhook',
      url: new URL('https://alerts.example.com/codat'),
      secret: SECRET,
    })
  })

  it('say every mistake at once, never printing the secret', () => {
    const { errors } = readAlertSettings({
      ALERT_WEBHOOK_URL: 'ftp://alerts.example.com',
      ALERT_WEBHOOK_SECRET: 'hunter2-but-longer',
      ALERT_AFTER_MINUTES: 'five',
      ALERT_DIGEST_THRESHOLD: '0',
      CONSOLE_PUBLIC_URL: 'console.example.com',
    })
    expect(errors).toEqual([
      'ALERT_WEBHOOK_URL must be an http(s) URL, e.g. https://hooks.slack.com/services/T…/B…/…',
      'ALERT_WEBHOOK_SECRET must be a Standard Webhooks signing secret: whsec_ followed by base64 (at least 24 random bytes)',
      'ALERT_AFTER_MINUTES must be a whole number from 0 to 1440, not "five"',
      'ALERT_DIGEST_THRESHOLD must be a whole number from 1 to 100000, not "0"',
      'CONSOLE_PUBLIC_URL must be an http(s) URL, e.g. https://console.example.com/',
    ])
    expect(errors.join('\n')).not.toContain('hunter2')
  })

  it('need a secret for a webhook that is not Slack, and the console’s address for links', () => {
    expect(readAlertSettings({ ALERT_WEBHOOK_URL: 'https://alerts.example.com/' }).errors).toEqual([
      'ALERT_WEBHOOK_SECRET must be set when ALERT_WEBHOOK_URL is not a Slack incoming webhook: receivers verify the signature with it',
      'CONSOLE_PUBLIC_URL must be set when ALERT_WEBHOOK_URL is: messages link to the console at that address',
    ])
  })
})
