// Unit-test setup: the simulated Codat answers every request; anything unhandled is an error.
import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { server, resetSimulation } from '../mocks/node'

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  server.resetHandlers()
  resetSimulation()
  cleanup()
})
afterAll(() => server.close())
