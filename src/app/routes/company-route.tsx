// "/companies/$companyId": one company's data status.
import { getRouteApi, Link } from '@tanstack/react-router'
import { DataStatusPanel } from '../../features/data-status/data-status-panel'
import { CompanyHeader } from '../../features/company-picker/company-header'

// Checked before any request, so a mistyped link gets a clear answer, not a Codat 400.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const companyRouteApi = getRouteApi('/companies/$companyId')

export function CompanyRoute() {
  const { companyId } = companyRouteApi.useParams()
  if (!UUID.test(companyId)) {
    return (
      <section className="panel" role="alert">
        <h1>Not a company ID</h1>
        <p>
          <code>{companyId}</code> is not a Codat company ID. Company IDs are UUIDs, like{' '}
          <code>8a210b68-6988-11ed-a1eb-0242ac120002</code>.
        </p>
        <Link to="/">Choose a company</Link>
      </section>
    )
  }
  return (
    <>
      <CompanyHeader companyId={companyId} />
      <DataStatusPanel companyId={companyId} />
    </>
  )
}
