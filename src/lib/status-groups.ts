// Codat's pull-operation statuses and data types, and the UI groups statuses fall into.

/** The 21 statuses of the current spec, exact casing, in spec order. */
export const PULL_OPERATION_STATUSES = [
  'Initial',
  'Queued',
  'Fetching',
  'MapQueued',
  'Mapping',
  'Complete',
  'FetchError',
  'MapError',
  'InternalError',
  'ProcessingQueued',
  'Processing',
  'ProcessingError',
  'ValidationQueued',
  'Validating',
  'ValidationError',
  'AuthError',
  'Cancelled',
  'NotSupported',
  'RateLimitError',
  'PermissionsError',
  'PrerequisiteNotMet',
] as const

/** Only in the 2023 spec and `@codat/common`, but old pull operations may still carry them. */
export const LEGACY_PULL_OPERATION_STATUSES = ['Routing', 'RoutingError'] as const

export type PullOperationStatus = (typeof PULL_OPERATION_STATUSES)[number]
export type LegacyPullOperationStatus = (typeof LEGACY_PULL_OPERATION_STATUSES)[number]
export type KnownStatus = PullOperationStatus | LegacyPullOperationStatus

export type StatusGroup =
  'in-progress' | 'success' | 'error' | 'relink' | 'not-supported' | 'cancelled' | 'unknown'

const GROUP_OF: Readonly<Record<KnownStatus, Exclude<StatusGroup, 'unknown'>>> = {
  Initial: 'in-progress',
  Queued: 'in-progress',
  Fetching: 'in-progress',
  MapQueued: 'in-progress',
  Mapping: 'in-progress',
  ProcessingQueued: 'in-progress',
  Processing: 'in-progress',
  ValidationQueued: 'in-progress',
  Validating: 'in-progress',
  Routing: 'in-progress',
  Complete: 'success',
  FetchError: 'error',
  MapError: 'error',
  InternalError: 'error',
  ProcessingError: 'error',
  ValidationError: 'error',
  PermissionsError: 'error',
  RateLimitError: 'error',
  PrerequisiteNotMet: 'error',
  RoutingError: 'error',
  // The end user must re-authorise through the connection's link URL; a retry will not help.
  AuthError: 'relink',
  NotSupported: 'not-supported',
  Cancelled: 'cancelled',
}

export function isKnownStatus(status: string): status is KnownStatus {
  // Own keys only, so "constructor" and friends stay unknown.
  return Object.hasOwn(GROUP_OF, status)
}

/** Exact-case lookup: Codat's enum is case-sensitive, and a new member must show as unknown. */
export function statusGroup(status: string): StatusGroup {
  return isKnownStatus(status) ? GROUP_OF[status] : 'unknown'
}

/**
 * True only for statuses known to be running. An unknown status is neither running nor
 * terminal: polling stops rather than burn rate-limit quota on something we cannot judge.
 */
export function isInProgress(status: string | undefined): boolean {
  return status !== undefined && statusGroup(status) === 'in-progress'
}

/** A known status that will not change again without a new refresh. */
export function isTerminal(status: string | undefined): boolean {
  if (status === undefined) return false
  const group = statusGroup(status)
  return group !== 'in-progress' && group !== 'unknown'
}

/** Current-spec statuses in the given groups, in spec order (legacy ones are never sent back). */
export function statusesInGroups(...groups: StatusGroup[]): PullOperationStatus[] {
  return PULL_OPERATION_STATUSES.filter((status) => groups.includes(GROUP_OF[status]))
}

/** Codat omits `currentStatus` for a data type that has never synced. */
export function isNeverSynced(dataStatus: { currentStatus?: string | null | undefined }): boolean {
  return dataStatus.currentStatus === undefined || dataStatus.currentStatus === null
}

/** The 43 data-type keys of the current spec, exact casing. */
export const DATA_TYPES = [
  'accountTransactions',
  'balanceSheet',
  'bankAccounts',
  'bankTransactions',
  'billCreditNotes',
  'billPayments',
  'bills',
  'cashFlowStatement',
  'chartOfAccounts',
  'company',
  'creditNotes',
  'customers',
  'directCosts',
  'directIncomes',
  'invoices',
  'itemReceipts',
  'items',
  'journalEntries',
  'journals',
  'paymentMethods',
  'payments',
  'profitAndLoss',
  'purchaseOrders',
  'salesOrders',
  'suppliers',
  'taxRates',
  'trackingCategories',
  'transfers',
  'banking-accountBalances',
  'banking-accounts',
  'banking-transactionCategories',
  'banking-transactions',
  'commerce-companyInfo',
  'commerce-customers',
  'commerce-disputes',
  'commerce-locations',
  'commerce-orders',
  'commerce-paymentMethods',
  'commerce-payments',
  'commerce-productCategories',
  'commerce-products',
  'commerce-taxComponents',
  'commerce-transactions',
] as const

export type DataType = (typeof DATA_TYPES)[number]

const DATA_TYPE_SET: ReadonlySet<string> = new Set(DATA_TYPES)

export function isKnownDataType(value: string): value is DataType {
  return DATA_TYPE_SET.has(value)
}
