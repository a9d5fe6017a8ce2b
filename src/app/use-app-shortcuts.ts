// The shortcuts every screen shares: "/" company search, "r" reload, "g h" / "g s" for a company.
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate, useParams } from '@tanstack/react-router'
import { useShortcut } from '../components/use-shortcut.ts'

/** The company search field carries this attribute; "/" looks for it on any screen. */
export const COMPANY_SEARCH_ATTRIBUTE = 'data-company-search'

function focusCompanySearch(): boolean {
  const input = document.querySelector<HTMLInputElement>(`[${COMPANY_SEARCH_ATTRIBUTE}]`)
  if (!input) return false
  input.focus()
  input.select()
  return true
}

export function useAppShortcuts() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  const { companyId } = useParams({ strict: false })

  useShortcut('focus-search', () => {
    if (focusCompanySearch()) return
    // Elsewhere, the search is on the first screen: go there, then focus it once it is drawn.
    void navigate({ to: '/' }).then(() => requestAnimationFrame(() => focusCompanySearch()))
  })
  // Only what the screen on show reads (active queries), not the whole cache; a new read, not
  // a page reload, so the screen keeps its state.
  useShortcut('reload', () => void queryClient.refetchQueries({ type: 'active' }))
  useShortcut(
    'go-history',
    companyId
      ? () =>
          void navigate({
            to: '/companies/$companyId',
            params: { companyId },
            search: { tab: 'history' },
          })
      : undefined,
  )
  useShortcut(
    'go-status',
    companyId
      ? () => void navigate({ to: '/companies/$companyId', params: { companyId }, search: {} })
      : undefined,
  )
}
