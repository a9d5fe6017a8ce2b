// GET /healthz: a liveness probe that needs no sign-in and never touches Codat.
import { sendJson } from './json-answers.ts'
import type { ConsoleRoute } from './console-route.ts'

export const healthzRoute: ConsoleRoute = {
  name: 'healthz',
  methods: ['GET', 'HEAD'],
  path: '/healthz',
  signIn: 'none',
  isStateChanging: false,
  handle: ({ res }) => sendJson(res, 200, { status: 'ok' }),
}
