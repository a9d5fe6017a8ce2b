// One pull operation (being replaced by the full detail view).
export function PullOperationDetail({ datasetId }: { companyId: string; datasetId: string }) {
  return <section className="panel">{datasetId}</section>
}
