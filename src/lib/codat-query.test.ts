import { describe, expect, it } from 'vitest'
import {
  anyOf,
  buildQuery,
  FAILURES_ONLY,
  IN_PROGRESS,
  MAX_QUERY_LENGTH,
  parseOrderBy,
  toOrderBy,
} from './codat-query.ts'

describe('buildQuery', () => {
  it('joins alternatives with || and needs no braces alone', () => {
    expect(buildQuery([anyOf('status', ['FetchError', 'MapError'])])).toBe(
      'status=FetchError||status=MapError',
    )
  })

  it('joins clauses with && and groups an OR clause in braces', () => {
    expect(
      buildQuery([
        anyOf('status', ['FetchError', 'MapError']),
        { field: 'dataType', value: 'invoices' },
      ]),
    ).toBe('{status=FetchError||status=MapError}&&dataType=invoices')
  })

  it('writes the documented "not finished well" filter', () => {
    expect(
      buildQuery([
        { field: 'status', op: '!=', value: 'Complete' },
        { field: 'status', op: '!=', value: 'NotSupported' },
      ]),
    ).toBe('status!=Complete&&status!=NotSupported')
  })

  it('does not brace a one-member OR clause, and leaves empty ones out', () => {
    expect(
      buildQuery([anyOf('status', ['FetchError']), { field: 'dataType', value: 'bills' }]),
    ).toBe('status=FetchError&&dataType=bills')
    expect(buildQuery([anyOf('status', []), { field: 'dataType', value: 'bills' }])).toBe(
      'dataType=bills',
    )
    expect(buildQuery([])).toBeUndefined()
  })

  it('supports other operators, numbers and dotted fields', () => {
    expect(
      buildQuery([
        { field: 'requested', op: '>', value: '2021-01-28' },
        { field: 'customerRef.id', value: 61 },
        { field: 'name', op: '~', value: 'Smith & Sons' },
      ]),
    ).toBe('requested>2021-01-28&&customerRef.id=61&&name~Smith & Sons')
  })

  it.each(['a&&b', 'a||b', '{x', 'x}', 'a=b', 'not!', 'a~b', 'a<b', 'a>b'])(
    'refuses the value %j because Codat cannot escape it',
    (value) => {
      expect(() => buildQuery([{ field: 'name', value }])).toThrow(/query syntax/)
    },
  )

  it('refuses empty values, odd field names and over-long queries', () => {
    expect(() => buildQuery([{ field: 'name', value: '  ' }])).toThrow(/empty/)
    expect(() => buildQuery([{ field: 'na me', value: 'x' }])).toThrow(/field name/)
    const long = anyOf(
      'status',
      Array.from({ length: 200 }, () => 'ProcessingQueued'),
    )
    expect(() => buildQuery([long])).toThrow(`limit is ${MAX_QUERY_LENGTH}`)
  })
})

describe('presets', () => {
  it('FAILURES_ONLY asks for the error and relink statuses', () => {
    const query = buildQuery([FAILURES_ONLY])
    expect(query?.split('||')).toEqual([
      'status=FetchError',
      'status=MapError',
      'status=InternalError',
      'status=ProcessingError',
      'status=ValidationError',
      'status=AuthError',
      'status=RateLimitError',
      'status=PermissionsError',
      'status=PrerequisiteNotMet',
    ])
  })

  it('IN_PROGRESS asks for the running statuses and combines with a data type', () => {
    const query = buildQuery([IN_PROGRESS, { field: 'dataType', value: 'invoices' }])
    expect(query).toMatch(
      /^\{status=Initial\|\|status=Queued\|\|.*status=Validating\}&&dataType=invoices$/,
    )
    expect(query).not.toContain('Complete')
  })
})

describe('orderBy', () => {
  it('converts table sorting to Codat orderBy and back', () => {
    expect(toOrderBy({ id: 'requested', desc: true })).toBe('-requested')
    expect(toOrderBy({ id: 'dataType', desc: false })).toBe('dataType')
    expect(parseOrderBy('-requested')).toEqual({ id: 'requested', desc: true })
    expect(parseOrderBy('completed')).toEqual({ id: 'completed', desc: false })
  })

  it('only sorts on requested, completed, dataType and status', () => {
    expect(() => toOrderBy({ id: 'progress', desc: false })).toThrow(/Cannot sort/)
    expect(parseOrderBy('-modifiedDate')).toBeUndefined()
    expect(parseOrderBy('--requested')).toBeUndefined()
    expect(parseOrderBy('')).toBeUndefined()
    expect(parseOrderBy(undefined)).toBeUndefined()
  })
})
