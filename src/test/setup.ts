// Unit-test setup: the simulated Codat answers every request; anything unhandled is an error.
// Tests in a DOM (jsdom) also get Testing Library's matchers and clean-up; Node tests skip loading
// React and Testing Library, which would only cost every file their import time.
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import { server, resetSimulation } from '../mocks/node.ts'

const cleanup = typeof document === 'undefined' ? undefined : await domSetup()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  resetSimulation()
  cleanup?.()
})
afterAll(() => {
  server.close()
  // DOM files share one jsdom per worker (vite.config.ts): the next file imports every module
  // afresh and finds the page and storage empty, as if it had a jsdom of its own.
  vi.resetModules()
  if (typeof document !== 'undefined') {
    localStorage.clear()
    sessionStorage.clear()
    document.head.replaceChildren()
    document.body.replaceChildren()
    for (const name of [...document.documentElement.attributes].map((a) => a.name))
      document.documentElement.removeAttribute(name)
    window.history.replaceState(null, '', '/')
  }
})

async function domSetup(): Promise<() => void> {
  await import('@testing-library/jest-dom/vitest')
  const { cleanup, configure } = await import('@testing-library/react')
  // findBy*/waitFor give up after this long: room for a busy machine (the default is 1 s).
  configure({ asyncUtilTimeout: 5_000 })
  return cleanup
}
