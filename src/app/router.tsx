// Routes: the URL is the state (company, tab, filters); code-based TanStack Router.
import type { QueryClient } from '@tanstack/react-query'
import {
  createBrowserHistory,
  createHashHistory,
  createRootRouteWithContext,
  createRoute,
  createRouter,
} from '@tanstack/react-router'
import { Layout } from './layout.tsx'
import { CompanyRoute } from './routes/company-route.tsx'
import { companySearchSchema } from './routes/company-search.ts'
import { HomeRoute, validateHomeSearch } from './routes/home-route.tsx'
import { NotFound } from './routes/not-found.tsx'

export interface RouterContext {
  queryClient: QueryClient
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Layout,
  notFoundComponent: NotFound,
})

const homeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: validateHomeSearch,
  component: HomeRoute,
})

export const companyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/companies/$companyId',
  validateSearch: companySearchSchema,
  component: CompanyRoute,
})

// The detail screen loads on demand: it is not part of the first screen's bundle.
export const operationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/companies/$companyId/operations/$datasetId',
}).lazy(() => import('./routes/operation-route.tsx').then((module) => module.operationLazyRoute))

const routeTree = rootRoute.addChildren([homeRoute, companyRoute, operationRoute])

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    // The static demo may be served from any sub-path of any static host: hash URLs need no
    // server rewrites there. The console served by `npm start` or Vite uses real paths.
    history: import.meta.env.MODE === 'demo' ? createHashHistory() : createBrowserHistory(),
    defaultPreload: 'intent',
    scrollRestoration: true,
  })
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>
  }
}
