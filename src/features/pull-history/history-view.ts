// The history table's view (page, size, sort, filters) as URL search params, and the Codat request it means.
import { z } from 'zod'
import type { HistoryParams } from '../../api/refresh-data.ts'
import {
  anyOf,
  buildQuery,
  FAILURES_ONLY,
  IN_PROGRESS,
  parseOrderBy,
  toOrderBy,
  type QueryClause,
  type SortSpec,
} from '../../lib/codat-query.ts'

export const PAGE_SIZES = [25, 100, 500, 5000] as const
export const DEFAULT_PAGE_SIZE = 100
export const DEFAULT_SORT = '-requested'

/** Status presets offered besides single statuses; "All" is the absent parameter. */
export const STATUS_PRESETS = {
  failures: { label: 'Failures only', clause: FAILURES_ONLY },
  'in-progress': { label: 'In progress', clause: IN_PROGRESS },
} as const
export type StatusPreset = keyof typeof STATUS_PRESETS

const SORT = /^-?(requested|completed|dataType|status)$/
const SAFE_VALUE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/
const STATUS_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/

/**
 * The history part of a company URL. Defaults are left out, and anything malformed falls back
 * to its default, so a hand-edited or stale link still opens.
 */
export const historySearchSchema = z.object({
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

export type HistoryView = z.infer<typeof historySearchSchema>

export type StatusFilter =
  | { kind: 'all' }
  | { kind: 'preset'; preset: StatusPreset }
  | { kind: 'statuses'; statuses: string[] }

export function isStatusPreset(value: string): value is StatusPreset {
  return Object.hasOwn(STATUS_PRESETS, value)
}

/** `failures` → preset; `FetchError,MapError` → those statuses; names Codat could misread are dropped. */
export function parseStatusFilter(raw: string | undefined): StatusFilter {
  if (raw === undefined) return { kind: 'all' }
  if (isStatusPreset(raw)) return { kind: 'preset', preset: raw }
  const statuses = [
    ...new Set(
      raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => STATUS_NAME.test(part)),
    ),
  ]
  return statuses.length === 0 ? { kind: 'all' } : { kind: 'statuses', statuses }
}

export function currentSort(view: HistoryView): SortSpec {
  return parseOrderBy(view.sort) ?? (parseOrderBy(DEFAULT_SORT) as SortSpec)
}

/** The sort as it goes in the URL: the default is left out. */
export function sortParam(sort: SortSpec): string | undefined {
  const orderBy = toOrderBy(sort)
  return orderBy === DEFAULT_SORT ? undefined : orderBy
}

export function filterClauses(view: HistoryView): QueryClause[] {
  const clauses: QueryClause[] = []
  const status = parseStatusFilter(view.status)
  if (status.kind === 'preset') clauses.push(STATUS_PRESETS[status.preset].clause)
  if (status.kind === 'statuses') clauses.push(anyOf('status', status.statuses))
  if (view.dataType) clauses.push({ field: 'dataType', value: view.dataType })
  return clauses
}

export function hasFilters(view: HistoryView): boolean {
  return filterClauses(view).length > 0
}

/** What to ask Codat for: 1-based page, size, `query` and `orderBy`. */
export function historyParams(view: HistoryView): HistoryParams {
  const query = buildQuery(filterClauses(view))
  return {
    page: view.page ?? 1,
    pageSize: view.pageSize ?? DEFAULT_PAGE_SIZE,
    orderBy: toOrderBy(currentSort(view)),
    ...(query !== undefined && { query }),
  }
}
