// The bulk refresh endpoints of api/bulk-schemas.ts: plan (a draft), start, cancel, retry (operators), the current job and one job (anyone signed in).
import { bulkItemsQuerySchema, bulkRequestSchema, type BulkJob } from '../../api/bulk-schemas.ts'
import type { FleetService } from '../fleet/fleet-service.ts'
import type { ConsoleRoute, RouteContext } from '../http/console-route.ts'
import { sendError, sendJson } from '../http/json-answers.ts'
import { BulkSelectionError } from './bulk-service.ts'
import { BulkRefusal } from './bulk-store.ts'

/** A request names up to 1,000 companies: about 40 kB of IDs. */
const MAX_BODY_BYTES = 64 * 1024
const JOB_ID = '(?<id>bulk_[0-9a-f-]{36})'

/** The guards of a single refresh, in the same words: operators only, never on a read-only console. */
const OPERATOR_POST = {
  methods: ['POST'],
  signIn: 'required',
  role: 'operator',
  isStateChanging: true,
  refusedWhenReadOnly: true,
  action: 'refresh data',
} as const

/** A refusal the store or the planner worded (404, 409, 400) is answered as it is. */
async function answering(
  { res, correlationId }: RouteContext,
  status: number,
  work: () => Promise<BulkJob | { job: BulkJob | null } | undefined>,
): Promise<void> {
  try {
    const answer = await work()
    if (answer === undefined) return sendError(res, 404, 'No such bulk refresh', correlationId)
    sendJson(res, status, answer)
  } catch (error) {
    if (error instanceof BulkRefusal)
      return sendError(res, error.status, error.message, correlationId)
    if (error instanceof BulkSelectionError)
      return sendError(res, 400, error.message, correlationId)
    throw error
  }
}

function readRequest(context: RouteContext) {
  let body: unknown
  try {
    body = JSON.parse(context.body.toString('utf8')) as unknown
  } catch {
    sendError(context.res, 400, 'The request body is not JSON', context.correlationId)
    return undefined
  }
  const parsed = bulkRequestSchema.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') || 'body'
    sendError(
      context.res,
      400,
      `"${field}" is not valid: ${issue?.message ?? 'unexpected value'}`,
      context.correlationId,
    )
    return undefined
  }
  return parsed.data
}

export function createBulkRoutes(fleet: Promise<FleetService>): ConsoleRoute[] {
  return [
    {
      ...OPERATOR_POST,
      name: 'bulk-plan',
      path: '/api/fleet/bulk',
      body: { maxBytes: MAX_BODY_BYTES, deadlineMs: 10_000 },
      async handle(context) {
        const request = readRequest(context)
        if (!request) return
        const service = await fleet
        await answering(context, 201, () =>
          service.bulk.plan(request, context.identity?.user ?? null),
        )
      },
    },
    {
      ...OPERATOR_POST,
      name: 'bulk-action',
      path: new RegExp(`^/api/fleet/bulk/${JOB_ID}/(?<action>start|cancel|retry)$`),
      async handle(context) {
        const { id = '', action } = context.params
        const service = await fleet
        await answering(context, 200, () =>
          action === 'start'
            ? service.bulk.start(id)
            : action === 'cancel'
              ? service.bulk.cancel(id)
              : service.bulk.retry(id),
        )
      },
    },
    {
      name: 'bulk-current',
      methods: ['GET'],
      path: '/api/fleet/bulk/current',
      signIn: 'required',
      isStateChanging: false,
      async handle(context) {
        const service = await fleet
        await answering(context, 200, async () => ({ job: await service.bulk.current() }))
      },
    },
    {
      name: 'bulk-job',
      methods: ['GET'],
      path: new RegExp(`^/api/fleet/bulk/${JOB_ID}$`),
      signIn: 'required',
      isStateChanging: false,
      async handle(context) {
        const parsed = bulkItemsQuerySchema.safeParse({
          state: context.query.get('state') ?? undefined,
          page: context.query.get('page') ?? undefined,
        })
        if (!parsed.success) {
          const field = parsed.error.issues[0]?.path.join('.') ?? 'query'
          return sendError(
            context.res,
            400,
            `Query parameter "${field}" has an invalid value`,
            context.correlationId,
          )
        }
        const service = await fleet
        await answering(context, 200, () => service.bulk.job(context.params.id ?? '', parsed.data))
      },
    },
  ]
}
