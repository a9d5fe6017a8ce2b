// Pull-operation history (being replaced by the full TanStack Table version).
import type { CompanySearch } from '../../app/routes/company-search'

export interface HistoryPanelProps {
  companyId: string
  search: CompanySearch
  onSearchChange: (change: Partial<CompanySearch>) => void
}

export function HistoryPanel(_props: HistoryPanelProps) {
  return <section className="panel">History</section>
}
