// The history view (page, size, sort, filters) each company was last seen with, so a pull
// operation's "History" breadcrumb returns to it, as Back would. Kept for the tab's life.
import { companySearchSchema, type CompanySearch } from './company-search.ts'

export type HistoryReturn = Omit<CompanySearch, 'tab'>

const KEY = 'codat-console:history-views'

function readAll(): Record<string, HistoryReturn> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '{}')
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, HistoryReturn>)
      : {}
  } catch {
    return {}
  }
}

export function rememberHistoryView(companyId: string, view: HistoryReturn): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ ...readAll(), [companyId]: view }))
  } catch {
    // Storage full or refused: the breadcrumb falls back to the first page.
  }
}

export function lastHistoryView(companyId: string): HistoryReturn {
  // Checked like a URL: whatever the storage holds, only valid history fields come back.
  const { tab: _tab, ...view } = companySearchSchema.parse(readAll()[companyId] ?? {})
  return view
}
