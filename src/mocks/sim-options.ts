// Switches for answer shapes Codat is allowed to send, so the console is tested against them.

export interface SimOptions {
  /**
   * Company answers (`GET /companies`, `GET /companies/{id}`) leave out `dataConnections`,
   * which Codat's spec makes optional; the connections endpoint still lists them.
   */
  omitDataConnections: boolean
}

export const DEFAULT_SIM_OPTIONS: SimOptions = { omitDataConnections: false }

/** Checks options sent to the control route; returns a message instead when they are unusable. */
export function parseSimOptions(input: unknown, current: SimOptions): SimOptions | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return 'The body must be a JSON object such as {"omitDataConnections":true}'
  }
  const options = { ...current }
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'omitDataConnections') return `Unknown option ${key}; known: omitDataConnections`
    if (typeof value !== 'boolean') return `${key} must be true or false`
    options[key] = value
  }
  return options
}
