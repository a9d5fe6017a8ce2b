// Applies what a console route declares (method, CSRF guard, role, read-only, pre-body check, body) and then runs it: the one place these refusals are worded.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ConsoleSettings } from '../config/settings.ts'
import { isCrossOriginRequest } from './cross-origin.ts'
import { sendError } from './json-answers.ts'
import type { Identity, Logger, RouteContext } from './console-route.ts'
import { readBody } from './request-body.ts'
import type { RouterMatch } from './router.ts'

export interface RouteRun {
  req: IncomingMessage
  res: ServerResponse
  match: RouterMatch
  identity: Identity | null
  settings: ConsoleSettings
  log: Logger
  correlationId: string
  clientRequestId?: string
  address: string
}

export async function runRoute({
  req,
  res,
  match,
  identity,
  settings,
  log,
  correlationId,
  clientRequestId,
  address,
}: RouteRun): Promise<void> {
  if (match.kind === 'method-not-allowed') {
    const error = `Method ${req.method ?? ''} is not allowed here`
    return sendError(res, 405, error, correlationId, { Allow: match.allow })
  }
  const { route, params } = match
  if (route.isStateChanging && isCrossOriginRequest(req)) {
    return sendError(res, 403, 'Cross-origin request refused', correlationId)
  }
  const action = route.action ?? 'do this'
  if (route.role === 'operator' && identity?.role !== 'operator') {
    const role = identity?.role ?? 'unknown'
    return sendError(res, 403, `Only operators can ${action}; your role is ${role}`, correlationId)
  }
  if (route.refusedWhenReadOnly && settings.readOnly) {
    const error = `This console is read-only (CONSOLE_READ_ONLY): nobody can ${action}`
    return sendError(res, 403, error, correlationId)
  }
  const url = req.url ?? '/'
  const queryStart = url.indexOf('?')
  const context: RouteContext = {
    req,
    res,
    path: queryStart === -1 ? url : url.slice(0, queryStart),
    query: new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1)),
    params,
    identity,
    settings,
    log,
    correlationId,
    ...(clientRequestId ? { clientRequestId } : {}),
    address,
    body: Buffer.alloc(0),
  }
  if (route.admit && !(await route.admit(context))) return
  if (route.body) {
    const { maxBytes, deadlineMs } = route.body
    const read = await readBody(req, maxBytes, deadlineMs)
    if (typeof read === 'string') {
      const error =
        read === 'too-large'
          ? `Request body over ${maxBytes} bytes`
          : `Request body not received within ${(deadlineMs ?? 0) / 1000} s`
      sendError(res, read === 'too-large' ? 413 : 408, error, correlationId, {
        Connection: 'close',
      })
      route.bodyRefused?.(read, context)
      return
    }
    context.body = read
  }
  await route.handle(context)
}
