// "/": choose a company. Search text and page live in the URL.
import { getRouteApi, useNavigate } from '@tanstack/react-router'
import { z } from 'zod'
import { CompanyPicker } from '../../features/company-picker/company-picker'

export const homeSearchSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
})

const homeRouteApi = getRouteApi('/')

export function HomeRoute() {
  const navigate = useNavigate({ from: '/' })
  const search = homeRouteApi.useSearch()
  return (
    <CompanyPicker
      search={search.q ?? ''}
      page={search.page ?? 1}
      onSearchChange={(q) =>
        void navigate({ search: { q: q || undefined, page: undefined }, replace: true })
      }
      onPageChange={(page) =>
        void navigate({ search: (prev) => ({ ...prev, page: page > 1 ? page : undefined }) })
      }
      onOpenCompany={(companyId) =>
        void navigate({ to: '/companies/$companyId', params: { companyId } })
      }
    />
  )
}
