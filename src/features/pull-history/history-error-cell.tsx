// The error column's cell: one line in the table, the whole of Codat's text on demand in the row.
import { useState } from 'react'

/** Shorter texts fit the column at usual widths; longer ones get a "Show all" toggle. */
const LONG_TEXT = 48

export function HistoryErrorCell(props: { text: string; isError: boolean; dataType: string }) {
  const { text, isError, dataType } = props
  const [isOpen, setIsOpen] = useState(false)
  const className = isError ? 'history-error' : 'history-error muted'
  if (text.length <= LONG_TEXT) {
    return (
      <span className={className} title={text}>
        {text}
      </span>
    )
  }
  return (
    <span className="history-error-cell" data-open={isOpen || undefined}>
      <span className={className} title={isOpen ? undefined : text}>
        {text}
      </span>
      <button
        type="button"
        className="small history-error-toggle"
        aria-expanded={isOpen}
        aria-label={`${isOpen ? 'Shorten' : 'Show all of'} the ${isError ? 'error' : 'status description'} of this ${dataType} pull`}
        onClick={() => setIsOpen(!isOpen)}
      >
        {isOpen ? 'Less' : 'All'}
      </button>
    </span>
  )
}
