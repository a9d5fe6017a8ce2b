// The simulated Codat's scenario companies, as the end-to-end tests call them: read from the
// simulation's own seed, so an id is written in one place.
import { OTHER_COMPANY_IDS } from '../../src/mocks/seed-cast.ts'
import { SEED } from '../../src/mocks/seed.ts'

export { SEED }
/** Healthy: every type synced. */
export const PEMBERTON = SEED.healthy.id
/** Failing types (invoices, bills, journal entries) and one type whose only sync failed. */
export const NORTHWIND = SEED.failing.id
/** Its connection is deauthorized. */
export const COBALT = SEED.deauthorized.id
/** Three connections: accounting, banking (Plaid), and a shop never linked. */
export const JUNIPER = SEED.multiConnection.id
export const JUNIPER_PLAID = SEED.multiConnection.bankingConnectionId
/** Never synced. */
export const FERNHILL = SEED.neverSynced.id
/** 6,500 pull operations. */
export const ATLAS = SEED.bigHistory.id
/** Rate limited; its lastSync has no zone. */
export const HARBOUR_LANE = SEED.rateLimited.id
export const OAKRIDGE = OTHER_COMPANY_IDS.oakridgeLandscaping
/** Xero still Linked, but Codat's last pulls of bills, customers and suppliers got AuthError. */
export const SILVER_BIRCH = OTHER_COMPANY_IDS.silverBirchYoga
