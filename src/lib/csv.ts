// CSV that Excel opens as intended: UTF-8 with a BOM, every field quoted, CRLF rows, and text that
// would start a formula neutralised.
export type CsvValue = string | number | boolean | null | undefined

/** Byte order mark: without it Excel reads UTF-8 as the system code page and mangles accents. */
export const BOM = '\uFEFF'

// = + - @ start a formula in Excel, LibreOffice and Sheets; a tab or carriage return first can
// too, once the cell is edited (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/

/** One field, quoted; a text that could run as a formula gets a leading apostrophe. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '""'
  const text =
    typeof value === 'string' ? (FORMULA_START.test(value) ? `'${value}` : value) : String(value)
  return `"${text.replace(/"/g, '""')}"`
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvField).join(',')]
  for (const row of rows) lines.push(row.map(csvField).join(','))
  return `${BOM}${lines.join('\r\n')}\r\n`
}
