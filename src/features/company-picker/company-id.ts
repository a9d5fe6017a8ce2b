// Company IDs are UUIDs: checked before any request, with a message that says what is wrong.
import { EXAMPLE_UUID, isUuid } from '../../lib/uuid.ts'

export const EXAMPLE_COMPANY_ID = EXAMPLE_UUID

export type CompanyIdCheck = { ok: true; id: string } | { ok: false; message: string }

/** Accepts surrounding spaces (a paste often brings some); anything else must be a UUID. */
export function checkCompanyId(input: string): CompanyIdCheck {
  const value = input.trim()
  if (value === '') return { ok: false, message: 'Enter a company ID.' }
  if (isUuid(value)) return { ok: true, id: value.toLowerCase() }
  const shape = `Company IDs are UUIDs: 32 hexadecimal digits (0–9, a–f) in groups of 8-4-4-4-12, like ${EXAMPLE_COMPANY_ID}.`
  const foreign = value.replace(/[0-9a-f-]/gi, '')
  if (foreign !== '') {
    const shown = [...new Set(foreign)].slice(0, 5).join(' ')
    return {
      ok: false,
      message: `That is not a company ID: it contains characters a UUID never has (${shown}). ${shape}`,
    }
  }
  const digits = value.replace(/-/g, '').length
  if (digits !== 32) {
    return {
      ok: false,
      message: `That is not a company ID: it has ${digits} hexadecimal digits, not 32. Part of it may be missing. ${shape}`,
    }
  }
  return {
    ok: false,
    message: `That is not a company ID: the dashes are in the wrong places. ${shape}`,
  }
}
