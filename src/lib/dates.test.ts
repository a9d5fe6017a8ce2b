import { afterEach, describe, expect, it } from 'vitest'
import {
  formatAbsolute,
  formatDuration,
  formatInstant,
  formatRelative,
  NO_ZONE_MARKER,
  parseCodatDate,
  type CodatDate,
} from './dates.ts'

const originalTz = process.env.TZ
afterEach(() => {
  process.env.TZ = originalTz
})

describe('parseCodatDate', () => {
  it('reads a Z timestamp as UTC', () => {
    expect(parseCodatDate('2021-11-15T06:00:00Z')).toEqual({
      raw: '2021-11-15T06:00:00Z',
      epochMs: Date.UTC(2021, 10, 15, 6, 0, 0),
      zone: 'utc',
    })
  })

  it('truncates 7-digit .NET fractions to milliseconds', () => {
    expect(parseCodatDate('2022-11-14T11:18:37.2798351Z')?.epochMs).toBe(
      Date.UTC(2022, 10, 14, 11, 18, 37, 279),
    )
    expect(parseCodatDate('2022-11-14T11:18:37.5Z')?.epochMs).toBe(
      Date.UTC(2022, 10, 14, 11, 18, 37, 500),
    )
    expect(parseCodatDate('2022-11-14T11:18:37.123456789Z')?.epochMs).toBe(
      Date.UTC(2022, 10, 14, 11, 18, 37, 123),
    )
  })

  it('applies explicit offsets in both notations', () => {
    const sixUtc = Date.UTC(2021, 10, 15, 6, 0, 0)
    expect(parseCodatDate('2021-11-15T01:00:00-05:00')).toMatchObject({
      epochMs: sixUtc,
      zone: 'offset',
    })
    expect(parseCodatDate('2021-11-15T01:00:00-0500')?.epochMs).toBe(sixUtc)
    expect(parseCodatDate('2021-11-15T07:00:00+01:00')?.epochMs).toBe(sixUtc)
    expect(parseCodatDate('2021-11-15T11:30:00.000+05:30')?.epochMs).toBe(sixUtc)
  })

  it('reads a date-only value as midnight UTC', () => {
    expect(parseCodatDate('2022-10-23')).toEqual({
      raw: '2022-10-23',
      epochMs: Date.UTC(2022, 9, 23),
      zone: 'date-only',
    })
  })

  it('reads a zone-less value as UTC, never as the browser zone', () => {
    process.env.TZ = 'America/New_York'
    // The trap this guards against: the platform parser shifts the value by the local offset.
    expect(new Date('2021-11-15T01:00:00').getTime()).not.toBe(Date.UTC(2021, 10, 15, 1))
    expect(parseCodatDate('2021-11-15T01:00:00')).toEqual({
      raw: '2021-11-15T01:00:00',
      epochMs: Date.UTC(2021, 10, 15, 1, 0, 0),
      zone: 'unspecified',
    })
  })

  it.each([
    '',
    'yesterday',
    '2022-13-01',
    '2022-02-30',
    '2022-02-29T00:00:00Z',
    '2022-10-23T25:00:00Z',
    '2022-10-23T10:61:00Z',
    '2022-10-23T10:00:00.Z',
    '2022-10-23T10:00:00.1234567890Z',
    '2022-10-23T10:00:00+25:00',
    '2022-10-23T10:00:00 Z',
    ' 2022-10-23',
    '22-10-23',
    '2022-10-23T',
    '1666483200000',
  ])('rejects %j', (raw) => {
    expect(parseCodatDate(raw)).toBeUndefined()
  })

  it('accepts 29 February in a leap year', () => {
    expect(parseCodatDate('2024-02-29T00:00:00Z')?.epochMs).toBe(Date.UTC(2024, 1, 29))
  })

  it('reads years 0–99 as written, not as 1900–1999', () => {
    // Placeholder dates such as 0001-01-01 turn up in Codat data.
    expect(new Date(parseCodatDate('0001-01-01T00:00:00Z')!.epochMs).toISOString()).toBe(
      '0001-01-01T00:00:00.000Z',
    )
    expect(new Date(parseCodatDate('0099-12-31T23:59:59.5+01:00')!.epochMs).toISOString()).toBe(
      '0099-12-31T22:59:59.500Z',
    )
    expect(new Date(parseCodatDate('0100-03-01')!.epochMs).toISOString()).toBe(
      '0100-03-01T00:00:00.000Z',
    )
  })
})

describe('formatRelative', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0)
  it.each([
    [now - 3 * 60_000, '3 minutes ago'],
    [now - 3 * 60_000 - 59_000, '3 minutes ago'],
    [now + 20_000, 'in 20 seconds'],
    [now - 2_000, 'just now'],
    [now + 2_000, 'just now'],
    [now - 59_000, '59 seconds ago'],
    [now - 60 * 60_000, '1 hour ago'],
    [now - 3 * 24 * 60 * 60_000, '3 days ago'],
    [now - 400 * 24 * 60 * 60_000, '1 year ago'],
  ])('%d → %s', (when, text) => {
    expect(formatRelative(when, now)).toBe(text)
  })
})

describe('formatAbsolute', () => {
  const at = (raw: string): CodatDate => {
    const date = parseCodatDate(raw)
    if (!date) throw new Error(`test date ${raw} does not parse`)
    return date
  }

  it('shows UTC with its zone name when asked', () => {
    expect(formatAbsolute(at('2026-11-28T21:05:03.1234567Z'), { timeZone: 'UTC' })).toBe(
      '28 Nov 2026, 21:05:03 UTC',
    )
  })

  it('shows an offset time as the same instant in UTC', () => {
    expect(formatAbsolute(at('2026-11-28T22:05:03+01:00'), { timeZone: 'UTC' })).toBe(
      '28 Nov 2026, 21:05:03 UTC',
    )
  })

  it('shows the browser zone with its name by default', () => {
    process.env.TZ = 'Europe/Berlin'
    expect(formatAbsolute(at('2026-11-28T21:05:03Z'))).toBe('28 Nov 2026, 22:05:03 CET')
  })

  it('marks a zone-less time and keeps its wall clock in any browser zone', () => {
    process.env.TZ = 'Asia/Tokyo'
    expect(formatAbsolute(at('2021-11-15T01:00:00'))).toBe(
      `15 Nov 2021, 01:00:00 ${NO_ZONE_MARKER}`,
    )
  })

  it('shows a date-only value as the date alone', () => {
    process.env.TZ = 'America/Los_Angeles'
    expect(formatAbsolute(at('2022-10-23'))).toBe('23 Oct 2022')
  })
})

describe('formatInstant and formatAbsolute in a chosen zone', () => {
  const at = (raw: string): CodatDate => parseCodatDate(raw)!

  it('names the zone, following summer time across the change', () => {
    const london = { timeZone: 'Europe/London' }
    expect(formatInstant(Date.UTC(2026, 2, 29, 0, 59), london)).toBe('29 Mar 2026, 00:59:00 GMT')
    // One minute later the clocks have gone forward an hour.
    expect(formatInstant(Date.UTC(2026, 2, 29, 1, 0), london)).toBe('29 Mar 2026, 02:00:00 BST')
  })

  it('tells apart the two 01:30s of the night summer time ends', () => {
    const newYork = { timeZone: 'America/New_York', style: 'short' } as const
    expect(formatInstant(Date.UTC(2026, 10, 1, 5, 30), newYork)).toBe('1 Nov 2026, 01:30 GMT-4')
    expect(formatInstant(Date.UTC(2026, 10, 1, 6, 30), newYork)).toBe('1 Nov 2026, 01:30 GMT-5')
  })

  it('shows UTC whatever the browser zone, when UTC is chosen', () => {
    process.env.TZ = 'Asia/Tokyo'
    expect(formatAbsolute(at('2026-07-01T13:03:05Z'), { timeZone: 'UTC' })).toBe(
      '1 Jul 2026, 13:03:05 UTC',
    )
  })

  it('gives the time of day with its zone', () => {
    const ms = Date.UTC(2026, 6, 1, 13, 3, 5)
    expect(formatInstant(ms, { timeZone: 'Europe/London', style: 'clock' })).toBe('14:03:05 BST')
    expect(formatInstant(ms, { timeZone: 'UTC', style: 'clock-minutes' })).toBe('13:03 UTC')
  })

  it('leaves the year out of a compact time only when it is the current year there', () => {
    const utc = { timeZone: 'UTC', style: 'compact', nowMs: Date.UTC(2026, 11, 2) } as const
    expect(formatAbsolute(at('2026-11-28T21:05:03Z'), utc)).toBe('28 Nov, 21:05 UTC')
    expect(formatAbsolute(at('2025-11-28T21:05:03Z'), utc)).toBe('28 Nov 2025, 21:05 UTC')
    // New Year's Eve in UTC is already next year in Tokyo.
    expect(
      formatAbsolute(at('2026-12-31T23:30:00Z'), {
        timeZone: 'Asia/Tokyo',
        style: 'compact',
        nowMs: Date.UTC(2026, 11, 31, 12),
      }),
    ).toBe('1 Jan 2027, 08:30 GMT+9')
  })

  it('never converts a zone-less time, in any chosen zone, and can leave the mark to the screen', () => {
    const zoneless = at('2021-11-15T01:00:00')
    expect(formatAbsolute(zoneless, { timeZone: 'Asia/Tokyo', style: 'short' })).toBe(
      `15 Nov 2021, 01:00 ${NO_ZONE_MARKER}`,
    )
    expect(formatAbsolute(zoneless, { timeZone: 'America/New_York', withMarker: false })).toBe(
      '15 Nov 2021, 01:00:00',
    )
  })
})

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [0, '0 ms'],
    [-500, '0 ms'],
    [12_400, '12 s'],
    [60_000, '1 min'],
    [252_000, '4 min 12 s'],
    [3_840_000, '1 h 4 min'],
    [7_200_000, '2 h'],
    [97_200_000, '1 d 3 h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
