// The demo: the simulated Codat in the browser's service worker, remembered across reloads.
import { setupWorker } from 'msw/browser'
import { clearWorld, loadWorld, saveWorld } from './demo-persistence.ts'
import { createFleetHandlers } from './fleet-routes.ts'
import { createHandlers } from './handlers.ts'
import { DEMO_FLEET_SIZE } from './seed-fleet.ts'
import { createWorld, type SimWorld } from './world.ts'

let demoWorld: SimWorld | undefined

/** Starts intercepting `/api/*`; resolves once the worker is ready, so the first fetch is served. */
export async function startDemoWorker(): Promise<SimWorld> {
  const restored = loadWorld(window.localStorage)
  // A world saved before the demo had a fleet gets the default fleet too.
  const world = createWorld(
    restored
      ? {
          restore: {
            ...restored,
            generatedCompanies: restored.generatedCompanies ?? DEMO_FLEET_SIZE,
          },
        }
      : { generatedCompanies: DEMO_FLEET_SIZE },
  )
  // Persist after every change so a reload shows the same refreshes, faults and clock.
  world.subscribe(() => saveWorld(window.localStorage, world.snapshot()))
  if (!restored) saveWorld(window.localStorage, world.snapshot())
  // The demo routes by hash: the links in its alerts open the screens they name.
  const publicUrl = new URL('#/', document.baseURI)
  const worker = setupWorker(
    ...createFleetHandlers(world, '/api', {
      publicUrl,
      storage: window.localStorage,
      bulkStore: browserBulkStore(),
    }),
    ...createHandlers(world),
  )
  holdClientClosedUntilPageHide()
  await worker.start({
    // Relative to the page's base, so a static demo served from a sub-path finds its worker.
    serviceWorker: {
      url: new URL(`${import.meta.env.BASE_URL}mockServiceWorker.js`, document.baseURI).href,
    },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
  demoWorld = world
  return world
}

/** The demo's bulk jobs beside its world, so the Fleet's job panel survives a reload. */
function browserBulkStore() {
  const key = 'codat-refresh-console:demo-bulk'
  return {
    load: () => window.localStorage.getItem(key),
    save: (text: string) => {
      try {
        window.localStorage.setItem(key, text)
      } catch {
        // Storage full or refused: the job is then forgotten on reload, nothing else.
      }
    },
  }
}

/** Forgets every change made in this browser, in the running world and for the next reload. */
export function resetDemoWorld(): void {
  // The running world saves its fresh state itself (see the subscription above).
  if (demoWorld) demoWorld.reset()
  else clearWorld(window.localStorage)
}

/**
 * msw 2 tells its worker that the page is closing on `beforeunload`, which fires when a navigation
 * starts, not when the page goes. The reads the page still makes until then bypass the simulation
 * and reach the static host, and fail in the console of the page being left. msw 3 waits for
 * `pagehide` instead (mswjs/msw#2720); this holds msw 2's signal back to that moment. Registered
 * before the worker starts, so it runs before msw's own listener.
 */
function holdClientClosedUntilPageHide(): void {
  let isHiding = false
  window.addEventListener('beforeunload', (event) => {
    if (!isHiding) event.stopImmediatePropagation()
  })
  window.addEventListener('pagehide', () => {
    isHiding = true
    window.dispatchEvent(new Event('beforeunload'))
    isHiding = false
  })
}
