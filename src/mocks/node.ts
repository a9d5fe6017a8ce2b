// The simulation for Node unit tests: one world behind msw's setupServer, reset between tests.
import { setupServer } from 'msw/node'
import { createFleetHandlers } from './fleet-routes.ts'
import { createHandlers } from './handlers.ts'
import { createWorld } from './world.ts'

export const world = createWorld()

export const server = setupServer(...createFleetHandlers(world), ...createHandlers(world))

/** A freshly seeded world: created operations gone, faults off, clock back to now. */
export function resetSimulation(): void {
  world.reset()
}
