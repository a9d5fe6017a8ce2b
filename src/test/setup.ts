// Unit-test setup: the simulated Codat answers every request; anything unhandled is an error.
import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { server, resetSimulation } from '../mocks/node'

// findBy*/waitFor give up after this long: room for a busy machine (the default is 1 s).
configure({ asyncUtilTimeout: 5_000 })

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  resetSimulation()
  cleanup()
})
afterAll(() => server.close())
