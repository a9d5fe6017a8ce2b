// Signs a request in with HTTP Basic: 401 with a challenge, 429 with Retry-After when throttled, failures logged.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createCredentialChecker, REALM } from './basic-auth.ts'
import type { ConsoleSettings } from '../config/settings.ts'
import { sendError } from '../http/json-answers.ts'
import type { Identity, Logger } from '../http/console-route.ts'
import { closeIfBodyUnread } from '../http/unread-body.ts'

const THROTTLED_ANSWER_DELAY_MS = 1000

export type SignIn = (
  req: IncomingMessage,
  res: ServerResponse,
  address: string,
  correlationId: string,
) => Promise<Identity | undefined>

/**
 * Answers the request itself and resolves undefined when it cannot be signed in. Without
 * CONSOLE_USERS everyone is an operator. A failed attempt is logged with the address and the
 * attempted name (never the password), so fail2ban-style tools can act on it.
 */
export function createSignIn(settings: ConsoleSettings, log: Logger): SignIn {
  const checker = settings.users.length > 0 ? createCredentialChecker(settings.users) : undefined
  return async (req, res, address, correlationId) => {
    if (!checker) return { user: null, role: 'operator' }
    const result = await checker.check(req.headers.authorization, address)
    if (result.kind === 'ok') return { user: result.user.name, role: result.user.role }
    closeIfBodyUnread(req, res)
    if (result.kind !== 'denied' || result.name !== undefined) {
      log({
        type: 'sign-in-failed',
        time: new Date().toISOString(),
        address,
        user: result.name?.slice(0, 64) ?? null,
        reason: result.kind === 'denied' ? 'wrong-credentials' : result.kind,
        correlationId,
      })
    }
    if (result.kind === 'throttled') {
      // A guesser that ignores Retry-After gets about one answer a second per connection, not
      // thousands; the jitter spreads a flood's answers instead of sending them in one burst.
      const delay = THROTTLED_ANSWER_DELAY_MS * (0.5 + Math.random())
      await new Promise((resolve) => setTimeout(resolve, delay))
      const seconds = result.retryAfterSeconds
      const error = `Too many failed sign-ins; try again in ${seconds} s`
      sendError(res, 429, error, correlationId, { 'Retry-After': String(seconds) })
    } else if (result.kind === 'busy') {
      const error = 'Too many sign-in attempts at once; try again'
      sendError(res, 503, error, correlationId, { 'Retry-After': '1' })
    } else {
      const error = 'Sign in with your console user name and password'
      sendError(res, 401, error, correlationId, {
        'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"`,
      })
    }
    return undefined
  }
}
