// Every Codat ID (company, connection, pull operation) is a UUID: the one check for all of them.

/** The UUID shape as regular-expression source, to build larger patterns from (use flag `i`). */
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** A real-looking ID for hints and placeholders. */
export const EXAMPLE_UUID = '8a210b68-6988-11ed-a1eb-0242ac120002'

const UUID = new RegExp(`^${UUID_SOURCE}$`, 'i')

/** True for a UUID in any case, with nothing around it. */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
