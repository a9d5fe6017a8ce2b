// What a console endpoint declares (method, path, sign-in, role, CSRF, body, pre-body check) and what its handler gets.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ConsoleSettings } from '../config/settings.ts'
import type { Role } from '../auth/console-users.ts'
import type { BodyRefusal } from './request-body.ts'

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Who is calling: `user` is null when the console runs without CONSOLE_USERS. */
export interface Identity {
  user: string | null
  role: Role
}

/** Writes one JSON log line (stdout by default); never pass secrets or passwords. */
export type Logger = (entry: Record<string, unknown>) => void

export interface RouteContext {
  req: IncomingMessage
  res: ServerResponse
  /** The path without the query string, as the client sent it. */
  path: string
  query: URLSearchParams
  /** Named groups of a RegExp path, e.g. `/^\/api\/fleet\/(?<id>[^/]+)$/` gives `params.id`. */
  params: Readonly<Record<string, string>>
  /** The signed-in caller; null on routes with `signIn: 'none'`. */
  identity: Identity | null
  settings: ConsoleSettings
  log: Logger
  /** The console's ID for this request: sent back as X-Request-Id and put in every log line. */
  correlationId: string
  /** The client's own X-Request-Id when it sent a usable one, kept beside the console's. */
  clientRequestId?: string
  /** The client's address (after TRUST_PROXY), as the access log shows it. */
  address: string
  /** The raw request body when the route asks for one (`body`), otherwise empty. */
  body: Buffer
}

export interface ConsoleRoute {
  /** Short name for logs and tests, e.g. 'session'. */
  name: string
  methods: readonly HttpMethod[]
  /** An exact path, or a pattern matched against the whole path (anchor it with ^ and $). */
  path: string | RegExp
  /** 'none' for probes and machine callers that prove themselves otherwise (signed webhooks). */
  signIn: 'required' | 'none'
  /** The least role allowed in; viewers < operators. Left out: any signed-in user. */
  role?: Role
  /** True when the request changes something: the cross-origin (CSRF) guard applies. */
  isStateChanging: boolean
  /** True when a read-only console (CONSOLE_READ_ONLY) must refuse it with 403. */
  refusedWhenReadOnly?: boolean
  /**
   * What the route does, in words that finish "Only operators can …" and "nobody can …", for the
   * role and read-only refusals, e.g. 'refresh data'.
   */
  action?: string
  /**
   * Read the raw body before the handler runs, e.g. for signatures: up to maxBytes (else 413),
   * and, with deadlineMs, all of it within that long (else 408).
   */
  body?: { maxBytes: number; deadlineMs?: number }
  /**
   * Runs on the request line and headers before any body is read (its `body` is empty). To
   * refuse, answer and return false: the body is then never read and the connection closes, so
   * checks that need no body (a signature's headers, its timestamp) cost a caller no socket time.
   */
  admit?(context: RouteContext): boolean | Promise<boolean>
  /** Hears of a body refused with 413 or 408 (after the answer went out), e.g. to count it. */
  bodyRefused?(why: BodyRefusal, context: RouteContext): void
  handle(context: RouteContext): void | Promise<void>
}
