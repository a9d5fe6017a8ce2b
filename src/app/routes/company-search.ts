// The company screen's URL contract: tab, and the history table's page, size, sort and filters.
// Defaults are left out of the URL; anything malformed falls back to its default.
import { z } from 'zod'

export const PAGE_SIZES = [25, 100, 500, 5000] as const
export const DEFAULT_PAGE_SIZE = 100
export const DEFAULT_SORT = '-requested'
const SORT = /^-?(requested|completed|dataType|status)$/
const SAFE_VALUE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/

export const companySearchSchema = z.object({
  tab: z.enum(['status', 'history']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
  pageSize: z.coerce
    .number()
    .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
    .optional()
    .catch(undefined),
  /** Codat orderBy: a field, `-` first for descending. */
  sort: z.string().regex(SORT).optional().catch(undefined),
  /** Status filter: a preset or a comma-separated list of statuses. */
  status: z.string().max(600).optional().catch(undefined),
  dataType: z.string().regex(SAFE_VALUE).optional().catch(undefined),
})

export type CompanySearch = z.infer<typeof companySearchSchema>
