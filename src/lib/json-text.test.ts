import { describe, expect, it } from 'vitest'
import { parseJsonText } from './json-text.ts'

describe('parseJsonText', () => {
  it('gives the value of JSON and undefined for anything else', () => {
    expect(parseJsonText('{"id":"x","n":[1,null]}')).toEqual({ id: 'x', n: [1, null] })
    expect(parseJsonText('null')).toBeNull()
    for (const text of ['', '<html>', '{"cut":', 'undefined'])
      expect(parseJsonText(text)).toBeUndefined()
  })
})
