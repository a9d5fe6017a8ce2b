// One page of companies for a name search: Codat's paging when its `query` says it all, else a
// wider read narrowed here (accents, query syntax), paged on screen.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { companyQueries } from '../../api/companies.ts'
import type { Company } from '../../api/schemas.ts'
import { nameMatches, nameSearch } from '../../lib/name-search.ts'

/** How many companies a narrowed search reads at most, in one request. */
export const NARROWED_READ = 1000

export interface CompanySearchPage {
  results: readonly Company[]
  totalResults: number
  /** Narrowed here from Codat's first NARROWED_READ answers, of `scanned` in all. */
  narrowedFrom?: { read: number; scanned: number }
}

export function useCompanySearch(search: string, page: number, pageSize: number) {
  const { words, query, isExact } = nameSearch(search)
  const exact = useQuery({
    ...companyQueries.list({ page, pageSize, query, orderBy: 'name' }),
    placeholderData: keepPreviousData,
    enabled: isExact || search.trim() === '',
  })
  const wide = useQuery({
    ...companyQueries.list({ page: 1, pageSize: NARROWED_READ, query, orderBy: 'name' }),
    placeholderData: keepPreviousData,
    enabled: !isExact && search.trim() !== '',
  })
  const source = isExact || search.trim() === '' ? exact : wide
  let data: CompanySearchPage | undefined
  if (source === exact) {
    data = exact.data
  } else if (wide.data) {
    const matches = wide.data.results.filter((company) => nameMatches(company.name, words))
    data = {
      results: matches.slice((page - 1) * pageSize, page * pageSize),
      totalResults: matches.length,
      narrowedFrom: { read: wide.data.results.length, scanned: wide.data.totalResults },
    }
  }
  return {
    data,
    isPending: source.isPending,
    isError: source.isError,
    error: source.error,
    errorUpdatedAt: source.errorUpdatedAt,
    isFetching: source.isFetching,
    isPlaceholderData: source.isPlaceholderData,
    refetch: () => void source.refetch(),
  }
}
