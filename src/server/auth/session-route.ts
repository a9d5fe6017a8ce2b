// GET /api/session: who is signed in, their role, and whether this console may refresh at all.
import { sendJson } from '../http/json-answers.ts'
import type { ConsoleRoute } from '../http/console-route.ts'

export const sessionRoute: ConsoleRoute = {
  name: 'session',
  methods: ['GET'],
  path: '/api/session',
  signIn: 'required',
  isStateChanging: false,
  handle: ({ res, identity, settings }) =>
    sendJson(res, 200, {
      user: identity?.user ?? null,
      role: identity?.role ?? 'viewer',
      readOnly: settings.readOnly,
      mode: 'live',
    }),
}
