// A data type's health change as the alert rules read it, for tests of the rules and of what feeds them.
import type { TypeChange } from '../lib/alert-rules.ts'

/** One type of a company moving between healths; Xero, FetchError when failing. */
export function typeChange(
  companyId: string,
  health: string,
  previousHealth: string | null,
  extra: Partial<TypeChange> = {},
): TypeChange {
  return {
    companyId,
    companyName: `Company ${companyId}`,
    dataType: 'invoices',
    health,
    previousHealth,
    platform: 'Xero',
    detail: {
      status: health === 'failing' ? 'FetchError' : 'Complete',
      since: null,
      error: null,
      diagnosis: 'The latest pull failed with FetchError.',
      next: { kind: 'refresh', text: 'Refresh it.' },
      relinkUrl: null,
    },
    ...extra,
  }
}
