// "/": the Fleet (health tiles, freshness, the companies table) and, below it, finding one company.
// The fleet's view and the company search both live in the URL; defaults are left out.
import { getRouteApi, useNavigate } from '@tanstack/react-router'
import { lazy, Suspense } from 'react'
import { z } from 'zod'
import { fleetSearchSchema, type FleetSearch } from '../../api/fleet-schemas'
import { CompanyPicker } from '../../features/company-picker/company-picker'

export const homeSearchSchema = fleetSearchSchema.extend({
  /** The company search by name, through Codat. */
  find: z.string().max(200).optional().catch(undefined),
  findPage: z.coerce.number().int().min(1).optional().catch(undefined),
})

// The fleet table (TanStack Table, virtualized rows) loads on demand, keeping the first screen's
// script small; the company search below renders at once.
const FleetScreen = lazy(() =>
  import('../../features/fleet/fleet-screen').then((module) => ({ default: module.FleetScreen })),
)

const homeRouteApi = getRouteApi('/')

export function HomeRoute() {
  const navigate = useNavigate({ from: '/' })
  const search = homeRouteApi.useSearch()
  const { find, findPage, ...fleetSearch } = search
  return (
    <>
      <Suspense
        fallback={
          <section className="panel">
            <p className="skeleton">Loading the fleet…</p>
          </section>
        }
      >
        <FleetScreen
          search={fleetSearch}
          onSearchChange={(change: Partial<FleetSearch>) =>
            // Typing in the name filter replaces the entry; other choices can be gone back to.
            void navigate({ search: (prev) => ({ ...prev, ...change }), replace: 'q' in change })
          }
        />
      </Suspense>
      <CompanyPicker
        search={find ?? ''}
        page={findPage ?? 1}
        // The list below follows the Fleet's filters, so the home page gives one account of a company.
        fleetFilter={{
          name: fleetSearch.q,
          isNarrowed: Boolean(fleetSearch.health || fleetSearch.dataType || fleetSearch.platform),
        }}
        onSearchChange={(text) =>
          void navigate({
            search: (prev) => ({ ...prev, find: text || undefined, findPage: undefined }),
            replace: true,
          })
        }
        onPageChange={(page) =>
          void navigate({
            search: (prev) => ({ ...prev, findPage: page > 1 ? page : undefined }),
          })
        }
        onOpenCompany={(companyId) =>
          void navigate({ to: '/companies/$companyId', params: { companyId } })
        }
      />
    </>
  )
}
