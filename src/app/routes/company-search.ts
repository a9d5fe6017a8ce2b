// The company screen's URL contract: the tab, plus the history table's page, size, sort and
// filters, whose shape the history feature owns. Defaults are left out of the URL; anything
// malformed falls back to its default.
import { z } from 'zod'
import { historySearchSchema } from '../../features/pull-history/history-view.ts'

export const companySearchSchema = historySearchSchema.extend({
  tab: z.enum(['status', 'history', 'charts']).optional().catch(undefined),
  /** The data type whose "Why?" panel is open on the status tab. */
  why: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/)
    .optional()
    .catch(undefined),
  /** `problems`: the status grid shows only stale or failing data types. */
  only: z.enum(['problems']).optional().catch(undefined),
})

export type CompanySearch = z.infer<typeof companySearchSchema>
