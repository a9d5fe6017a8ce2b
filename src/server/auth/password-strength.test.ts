// @vitest-environment node
// user:add's password check: length alone does not make a password strong.
import { describe, expect, it } from 'vitest'
import { weakPasswordReason } from './password-strength.ts'

describe('weakPasswordReason', () => {
  it.each([
    ['one letter repeated', 'aaaaaaaaaaaa'],
    ['a keyboard run', 'qwertyuiop123'],
    ['a common password made longer', 'password1234'],
    ['the user name and digits', 'olivia123456'],
  ])('refuses %s', (_name, password) => {
    expect(weakPasswordReason(password, 'olivia')).toMatch(/too easy to guess/)
  })

  it('refuses anything under 12 characters', () => {
    expect(weakPasswordReason('Xk#9v!Lq2', 'olivia')).toMatch(/at least 12/)
  })

  it('accepts a long random passphrase', () => {
    expect(weakPasswordReason('violet tractor lagoon mosaic 1987', 'olivia')).toBeUndefined()
    expect(weakPasswordReason('t7Q!mV2#rB9zK4pw', 'olivia')).toBeUndefined()
  })
})
