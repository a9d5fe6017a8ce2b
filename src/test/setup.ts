// Unit-test setup: the simulated Codat answers every request; anything unhandled is an error.
// Tests in a DOM (jsdom) also get Testing Library's matchers and clean-up; Node tests skip loading
// React and Testing Library, which would only cost every file their import time.
import { afterAll, afterEach, beforeAll } from 'vitest'
import { server, resetSimulation } from '../mocks/node.ts'

const cleanup = typeof document === 'undefined' ? undefined : await domSetup()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  resetSimulation()
  cleanup?.()
})
afterAll(() => server.close())

async function domSetup(): Promise<() => void> {
  await import('@testing-library/jest-dom/vitest')
  const { cleanup, configure } = await import('@testing-library/react')
  // findBy*/waitFor give up after this long: room for a busy machine (the default is 1 s).
  configure({ asyncUtilTimeout: 5_000 })
  return cleanup
}
