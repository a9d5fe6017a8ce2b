// "/": one company search, then the Fleet (health tiles, freshness, the companies table) and
// Codat's list of companies, both following that search. Everything lives in the URL; defaults
// are left out.
import { getRouteApi, useNavigate, type SearchSchemaInput } from '@tanstack/react-router'
import { lazy, Suspense, useEffect, useState } from 'react'
import { z } from 'zod'
import { fleetSearchSchema, type FleetSearch } from '../../api/fleet-schemas.ts'
import { CompanyPicker } from '../../features/company-picker/company-picker.tsx'
import { CompanySearchBox } from '../../features/company-picker/company-search-box.tsx'
import { unreadParts, type UnreadPart } from './unread-search.ts'

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

type HomeSearch = z.infer<typeof homeSearchSchema>

/** The view a search shows, as one comparable text (undefined fields drop out). */
const viewOf = (search: HomeSearch): string => JSON.stringify(search)

/**
 * What the last link read left out, and the view it left. The router at once rewrites the URL
 * without those parts, so they are kept here to be said on the screen that view opens.
 */
let leftOut: { parts: UnreadPart[]; view: string } | undefined

/**
 * The route's search reader: the schema, remembering what a hand-edited or stale link lost.
 * At run time `raw` is whatever the URL held; its type is what links to "/" may pass.
 */
export function validateHomeSearch(
  raw: z.input<typeof homeSearchSchema> & SearchSchemaInput,
): HomeSearch {
  const search = homeSearchSchema.parse(raw)
  const parts = unreadParts(raw, search, PARAM_LABELS)
  if (parts.length > 0) leftOut = { parts, view: viewOf(search) }
  return search
}

// The fleet table (TanStack Table, virtualized rows) loads on demand, keeping the first screen's
// script small; the search and the companies list render at once.
const FleetScreen = lazy(() =>
  import('../../features/fleet/fleet-screen.tsx').then((module) => ({
    default: module.FleetScreen,
  })),
)

const homeRouteApi = getRouteApi('/')

export function HomeRoute() {
  const navigate = useNavigate({ from: '/' })
  const search = homeRouteApi.useSearch()
  const { find, findPage, ...fleetSearch } = search
  // Said while the view is the one that link opened; gone once dismissed or another is chosen.
  const [, setDismissals] = useState(0)
  const unread = leftOut?.view === viewOf(search) ? leftOut.parts : []
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
            onDismiss: () => {
              leftOut = undefined
              setDismissals((n) => n + 1)
            },
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
