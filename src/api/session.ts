// Who is using the console and what they may do: `GET /api/session` from the live proxy.
// The demo has no proxy: its visitor may do everything the simulation allows.
import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import { apiFetch } from './client.ts'

export const sessionSchema = z.object({
  /** Null when the proxy runs without CONSOLE_USERS. */
  user: z.string().nullable(),
  /** Null for an anonymous console, where everyone may refresh unless it is read-only. */
  role: z.enum(['viewer', 'operator']).nullable(),
  readOnly: z.boolean(),
  mode: z.enum(['live', 'demo']),
})
export type Session = z.infer<typeof sessionSchema>

export const DEMO_SESSION: Session = { user: null, role: null, readOnly: false, mode: 'demo' }

export async function getSession(signal?: AbortSignal): Promise<Session> {
  if (__DEMO__) return DEMO_SESSION
  return apiFetch('GET', '/session', { schema: sessionSchema, signal })
}

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: ({ signal }) => getSession(signal),
  // Roles change only when the proxy restarts with new settings.
  staleTime: 5 * 60_000,
})

/** Why this session may not queue refreshes, in words for the refresh buttons; undefined if it may. */
export function refreshBlockedReason(session: Session | undefined): string | undefined {
  if (!session) return undefined
  if (session.readOnly)
    return 'Read-only console: refreshes are turned off for everyone (CONSOLE_READ_ONLY).'
  if (session.role === 'viewer')
    return `Signed in as ${session.user ?? 'a viewer'} with the viewer role: only operators can refresh.`
  return undefined
}
