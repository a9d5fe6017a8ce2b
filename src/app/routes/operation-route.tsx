// "/companies/$companyId/operations/$datasetId": one pull operation, loaded lazily.
import { createLazyRoute, getRouteApi } from '@tanstack/react-router'
import { PullOperationDetail } from '../../features/pull-operation/pull-operation-detail.tsx'
import { lastHistoryView } from './history-return.ts'

const operationRouteApi = getRouteApi('/companies/$companyId/operations/$datasetId')

function OperationRoute() {
  const { companyId, datasetId } = operationRouteApi.useParams()
  return (
    <PullOperationDetail
      companyId={companyId}
      datasetId={datasetId}
      historyView={lastHistoryView(companyId)}
    />
  )
}

export const operationLazyRoute = createLazyRoute('/companies/$companyId/operations/$datasetId')({
  component: OperationRoute,
})
