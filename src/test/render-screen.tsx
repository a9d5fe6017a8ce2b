// Renders a screen as the app does: a fresh QueryClient (no retries) and a router in memory,
// with stand-ins for the screens its links open.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
  useParams,
} from '@tanstack/react-router'
import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'

// jsdom has <dialog> but not its modal methods; the browser's focus trap is tested end to end.
if (typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '')
  }
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open')
    this.dispatchEvent(new Event('close'))
  }
}

function OperationScreen() {
  const { datasetId } = useParams({ strict: false })
  return <h1>Pull operation {datasetId}</h1>
}

function CompanyScreen() {
  const { companyId } = useParams({ strict: false })
  return <h1>Company {companyId}</h1>
}

/** `seed` fills the cache before the first render, e.g. with who is signed in. */
export function renderScreen(
  ui: ReactNode,
  { seed }: { seed?: (client: QueryClient) => void } = {},
) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  seed?.(client)
  const root = createRootRoute({ component: Outlet })
  const routeTree = root.addChildren([
    createRoute({ getParentRoute: () => root, path: '/', component: () => ui }),
    createRoute({
      getParentRoute: () => root,
      path: '/companies/$companyId',
      component: CompanyScreen,
    }),
    createRoute({
      getParentRoute: () => root,
      path: '/companies/$companyId/operations/$datasetId',
      component: OperationScreen,
    }),
  ])
  const router = createRouter({
    routeTree,
    history: createMemoryHistory({ initialEntries: ['/'] }),
  })
  const user = userEvent.setup()
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
  return { ...view, client, router, user }
}
