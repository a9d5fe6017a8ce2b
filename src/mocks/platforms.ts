// Codat's data types and the source platforms the simulation offers, with the types each supports.

export const ACCOUNTING_TYPES = [
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
] as const

export const BANKING_TYPES = [
  'banking-accountBalances',
  'banking-accounts',
  'banking-transactionCategories',
  'banking-transactions',
] as const

export const COMMERCE_TYPES = [
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

/** The 43 members of Codat's DataType enum, in the spec's order. */
export const DATA_TYPES: readonly string[] = [
  ...ACCOUNTING_TYPES,
  ...BANKING_TYPES,
  ...COMMERCE_TYPES,
]

export function isDataType(value: string): boolean {
  return DATA_TYPES.includes(value)
}

export type SourceType = 'Accounting' | 'Banking' | 'Commerce'

export interface Platform {
  platformName: string
  integrationKey: string
  integrationId: string
  sourceId: string
  sourceType: SourceType
  /** What the platform offers; queueing anything else ends NotSupported, as in Codat. */
  dataTypes: readonly string[]
}

const without = (types: readonly string[], missing: readonly string[]): readonly string[] =>
  types.filter((type) => !missing.includes(type))

export const PLATFORMS = {
  xero: {
    platformName: 'Xero',
    integrationKey: 'gbol',
    integrationId: '8a156a5a-39cb-4f9d-856e-76ef9b9a9607',
    sourceId: '56e6575a-3f1f-4918-b009-f7535555f0d6',
    sourceType: 'Accounting',
    dataTypes: without(ACCOUNTING_TYPES, ['itemReceipts', 'salesOrders', 'directIncomes']),
  },
  quickBooksOnline: {
    platformName: 'QuickBooks Online',
    integrationKey: 'qhyg',
    integrationId: '2a9b4f2c-8d6e-4a61-9c3b-6f1e2d7a8b90',
    sourceId: '4d9d4f1c-6c1a-4e8b-9a3e-2f5b7c9d1e20',
    sourceType: 'Accounting',
    dataTypes: without(ACCOUNTING_TYPES, ['journals', 'billCreditNotes']),
  },
  sage: {
    platformName: 'Sage Business Cloud Accounting',
    integrationKey: 'tgff',
    integrationId: '6e2b1d3f-0a4c-4b7e-8f9d-3c5a7e1b2d40',
    sourceId: '7f3c2e4a-1b5d-4c8f-9a0e-4d6b8f2c3e51',
    sourceType: 'Accounting',
    dataTypes: without(ACCOUNTING_TYPES, [
      'itemReceipts',
      'purchaseOrders',
      'salesOrders',
      'transfers',
    ]),
  },
  freeAgent: {
    platformName: 'FreeAgent',
    integrationKey: 'fbrh',
    integrationId: '9c4d3e5f-2a6b-4d1c-8e0f-5a7b9c1d2e62',
    sourceId: '1a5e4f6b-3c7d-4e2a-9f1b-6c8d0e2f3a73',
    sourceType: 'Accounting',
    dataTypes: [
      'bankAccounts',
      'bankTransactions',
      'bills',
      'chartOfAccounts',
      'company',
      'customers',
      'invoices',
      'journalEntries',
      'profitAndLoss',
      'balanceSheet',
      'suppliers',
      'taxRates',
    ],
  },
  plaid: {
    platformName: 'Plaid',
    integrationKey: 'ugxp',
    integrationId: '3b6f5a7c-4d8e-4f3b-8a2c-7d9e1f3a4b84',
    sourceId: '2b6f5a7c-4d8e-4f3b-9a2c-7d9e1f3a4b95',
    sourceType: 'Banking',
    dataTypes: BANKING_TYPES,
  },
  basiq: {
    platformName: 'Basiq',
    integrationKey: 'dfxm',
    integrationId: 'bf083d72-62c7-493e-aec9-81b4dbba7e2c',
    sourceId: 'bdd831ce-eebd-4896-89a7-20e5ee8989ee',
    sourceType: 'Banking',
    dataTypes: without(BANKING_TYPES, ['banking-transactionCategories']),
  },
  shopify: {
    platformName: 'Shopify',
    integrationKey: 'pdvj',
    integrationId: '5d8a7b9e-6f0a-4b5d-8c4e-9f1a3b5c6da6',
    sourceId: '4c8a7b9e-6f0a-4b5d-9c4e-9f1a3b5c6db7',
    sourceType: 'Commerce',
    dataTypes: without(COMMERCE_TYPES, ['commerce-taxComponents']),
  },
  square: {
    platformName: 'Square',
    integrationKey: 'hbql',
    integrationId: '6e9b8c0f-7a1b-4c6e-8d5f-0a2b4c6d7ec8',
    sourceId: '5d9b8c0f-7a1b-4c6e-9d5f-0a2b4c6d7ed9',
    sourceType: 'Commerce',
    dataTypes: without(COMMERCE_TYPES, ['commerce-disputes']),
  },
} as const satisfies Record<string, Platform>

export type PlatformKey = keyof typeof PLATFORMS

/** The connection a type belongs on when the caller names none: accounting, banking or commerce. */
export function sourceTypeOf(dataType: string): SourceType {
  if (dataType.startsWith('banking-')) return 'Banking'
  if (dataType.startsWith('commerce-')) return 'Commerce'
  return 'Accounting'
}

/** What a platform offers, as plain strings. */
export function offeredTypes(platform: PlatformKey): readonly string[] {
  return PLATFORMS[platform].dataTypes
}
