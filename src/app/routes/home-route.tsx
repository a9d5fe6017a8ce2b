// "/": one company search, then the Fleet (health tiles, freshness, the companies table) and
// Codat's list of companies, both following that search. Everything lives in the URL; defaults
// are left out.
import { getRouteApi, useLocation, useNavigate } from '@tanstack/react-router'
import { lazy, Suspense, useEffect } from 'react'
import { z } from 'zod'
import { fleetSearchSchema, type FleetSearch } from '../../api/fleet-schemas'
import { CompanyPicker } from '../../features/company-picker/company-picker'
import { CompanySearchBox } from '../../features/company-picker/company-search-box'
import { unreadParts } from './unread-search'

export const homeSearchSchema = fleetSearchSchema.extend({
  /** The router reads `?q=1234` as a number: a search for digits is still a search. */
  q: z.preprocess(
    (value) => (typeof value === 'number' ? String(value) : value),
    fleetSearchSchema.shape.q,
  ),
  /** Links from before the one search held the Companies list's own search here: read as `q`. */
  find: z.string().max(200).optional().catch(undefined),
  /** The page of Codat's list of companies. */
  findPage: z.coerce.number().int().min(1).optional().catch(undefined),
})

/** The home page's params in the Fleet's words, for a link it could not read. */
const PARAM_LABELS = {
  q: 'search',
  health: 'health',
  dataType: 'data type',
  platform: 'platform',
  sort: 'sort',
  page: 'page',
  pageSize: 'rows per page',
  findPage: 'page of Codat’s list',
}

// The fleet table (TanStack Table, virtualized rows) loads on demand, keeping the first screen's
// script small; the search and the companies list render at once.
const FleetScreen = lazy(() =>
  import('../../features/fleet/fleet-screen').then((module) => ({ default: module.FleetScreen })),
)

const homeRouteApi = getRouteApi('/')

export function HomeRoute() {
  const navigate = useNavigate({ from: '/' })
  const search = homeRouteApi.useSearch()
  const { find, findPage, ...fleetSearch } = search
  // As the link said it, before the schema dropped what it could not read.
  const linked = useLocation({ select: (location) => location.search as Record<string, unknown> })
  const unread = unreadParts(linked, search, PARAM_LABELS)
  const legacyQ = find === undefined ? undefined : (fleetSearch.q ?? (find.trim() || undefined))
  useEffect(() => {
    if (find === undefined) return
    void navigate({
      search: (prev) => ({ ...prev, find: undefined, q: legacyQ }),
      replace: true,
    })
  }, [find, legacyQ, navigate])
  const openCompany = (companyId: string) =>
    void navigate({ to: '/companies/$companyId', params: { companyId } })
  return (
    <>
      <CompanySearchBox
        search={fleetSearch.q ?? ''}
        // Typing replaces the entry; both lists start again at their first page.
        onSearchChange={(text) =>
          void navigate({
            search: (prev) => ({
              ...prev,
              q: text || undefined,
              page: undefined,
              findPage: undefined,
            }),
            replace: true,
          })
        }
        onOpenCompany={openCompany}
      />
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
            void navigate({ search: (prev) => ({ ...prev, ...change }) })
          }
          unreadLink={{
            parts: unread,
            // The view stays as it is: only what it could not read goes from the URL.
            onForget: () => void navigate({ search, replace: true }),
          }}
        />
      </Suspense>
      <CompanyPicker
        search={fleetSearch.q ?? ''}
        page={findPage ?? 1}
        // The list below follows the Fleet, so the home page gives one account of a company.
        isFleetNarrowed={Boolean(
          fleetSearch.health || fleetSearch.dataType || fleetSearch.platform,
        )}
        onPageChange={(page) =>
          void navigate({
            search: (prev) => ({ ...prev, findPage: page > 1 ? page : undefined }),
          })
        }
      />
    </>
  )
}
