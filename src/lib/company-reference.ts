// A company named by what a support engineer has at hand: its ID, or a link to it in Codat's
// Portal or in this console.

import { isUuid, UUID_SOURCE } from './uuid.ts'

const LINKED_ID = new RegExp(`/companies/(${UUID_SOURCE})(?:[/?#]|$)`, 'i')

/**
 * The company ID in `text` (lower case), or undefined: a bare UUID, or a URL with
 * `/companies/{id}` in its path or hash, such as `https://app.codat.io/companies/{id}/summary`
 * or this console's `…/#/companies/{id}?tab=history`.
 */
export function companyIdFrom(text: string): string | undefined {
  const value = text.trim()
  if (isUuid(value)) return value.toLowerCase()
  if (!/^https?:\/\//i.test(value)) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  const match = LINKED_ID.exec(url.pathname) ?? LINKED_ID.exec(url.hash)
  return match?.[1]?.toLowerCase()
}
