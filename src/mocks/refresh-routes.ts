// The refresh-data operations: data status, refresh all, refresh one type, pull-operation history.
import { HttpResponse } from 'msw'
import { codatError } from './codat-responses.ts'
import { findCompany, listResponse } from './company-routes.ts'
import type { Route } from './route.ts'
import type { PullOperation } from './operation-lifecycle.ts'
import { isDataType } from './platforms.ts'
import type { Fields } from './query-language.ts'
import { isUuid } from '../lib/uuid.ts'

/**
 * What `query` and `orderBy` resolve against. Codat resolves them on its internal Dataset
 * entity, where the computed flags `isCompleted` and `isErrored` do not exist.
 */
const OPERATION_FIELDS: Fields<PullOperation> = {
  id: (op) => op.id,
  companyId: (op) => op.companyId,
  connectionId: (op) => op.connectionId,
  dataType: (op) => op.dataType,
  status: (op) => op.status,
  requested: (op) => op.requested,
  completed: (op) => op.completed,
  progress: (op) => op.progress,
}

/** Newest first, then by id so pages never shuffle between requests. */
const newestFirst = (a: PullOperation, b: PullOperation): number =>
  b.requested.localeCompare(a.requested) || a.id.localeCompare(b.id)

export function refreshRoutes(): Route[] {
  return [
    {
      method: 'get',
      path: '/companies/:companyId/dataStatus',
      resolve: (context) => {
        const company = findCompany(context)
        return company instanceof Response
          ? company
          : HttpResponse.json(context.world.dataStatus(company))
      },
    },
    {
      method: 'post',
      path: '/companies/:companyId/data/all',
      resolve: (context) => {
        const company = findCompany(context, 'PullApi')
        if (company instanceof Response) return company
        context.world.refreshAll(company)
        return new HttpResponse(null, { status: 204 })
      },
    },
    {
      method: 'post',
      path: '/companies/:companyId/data/queue/:dataType',
      resolve: (context) => {
        const company = findCompany(context, 'PullApi')
        if (company instanceof Response) return company
        const dataType = context.params.dataType ?? ''
        if (!isDataType(dataType)) {
          return codatError(400, 'PullApi', `'${dataType}' is not a valid data type.`)
        }
        const connectionId = context.url.searchParams.get('connectionId') ?? undefined
        if (connectionId !== undefined && !isUuid(connectionId)) {
          return codatError(404, 'PullApi', `Data connection not found: '${connectionId}'.`)
        }
        const result = context.world.queue(company, dataType, connectionId)
        switch (result.kind) {
          case 'queued':
            return HttpResponse.json(result.operation)
          case 'unknown-connection':
            return codatError(404, 'PullApi', `Data connection not found: '${connectionId}'.`)
          case 'no-connection':
            return codatError(404, 'PullApi', `Company ${company.id} has no data connections.`)
          case 'in-progress':
            return codatError(
              400,
              'PullApi',
              `DatasetAlreadyInProgressException: Cannot queue ${dataType} sync for ${company.id} as previous sync ${result.runningId} is still in progress`,
            )
        }
      },
    },
    {
      method: 'get',
      path: '/companies/:companyId/data/history',
      resolve: (context) => {
        const company = findCompany(context, 'PullApi')
        if (company instanceof Response) return company
        const operations = context.world.operations(company.id)
        return listResponse(
          context,
          operations,
          OPERATION_FIELDS,
          'Dataset',
          'PullApi',
          newestFirst,
        )
      },
    },
    {
      method: 'get',
      path: '/companies/:companyId/data/history/:datasetId',
      resolve: (context) => {
        const company = findCompany(context, 'PullApi')
        if (company instanceof Response) return company
        const datasetId = context.params.datasetId ?? ''
        const operation = isUuid(datasetId)
          ? context.world.operation(company.id, datasetId)
          : undefined
        return operation
          ? HttpResponse.json(operation)
          : codatError(
              404,
              'PullApi',
              `Pull operation not found: '${datasetId}' for company ${company.id}.`,
            )
      },
    },
  ]
}
