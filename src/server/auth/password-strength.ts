// Judges a new console password with zxcvbn (common passwords, words, names, keyboard runs, repeats).
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'

export const MIN_LENGTH = 12
/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_SCORE = 3

let factory: ZxcvbnFactory | undefined

/** Undefined when the password is good enough, else one line saying why and what would help. */
export function weakPasswordReason(password: string, userName: string): string | undefined {
  if (password.length < MIN_LENGTH) return `Use a password of at least ${MIN_LENGTH} characters.`
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  })
  const result = factory.check(password, [userName, 'codat', 'console', 'refresh'])
  if (result.score >= MIN_SCORE) return undefined
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean)
  return `This password is too easy to guess${hints.length > 0 ? `: ${hints.join(' ')}` : '.'}`
}
