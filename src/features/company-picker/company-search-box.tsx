// The home page's one company search: words of a name, for the Fleet and Codat's list alike, or a
// company ID or a link to one, which opens that company.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { Icon, WARNING_ICON } from '../../components/icon.tsx'
import { companyIdFrom } from '../../lib/company-reference.ts'
import { checkCompanyId } from './company-id.ts'
import './company-picker.css'

interface CompanySearchBoxProps {
  /** The search the URL holds: what both lists show. */
  search: string
  /** Typing settles (300 ms) or Enter: the new search, trimmed, '' for none. */
  onSearchChange: (search: string) => void
  onOpenCompany: (companyId: string) => void
}

const isLink = (text: string): boolean => /^\s*https?:\/\//i.test(text)

/** Hexadecimal digits and dashes with a dash and a digit: someone's attempt at a company ID. */
const looksLikeId = (text: string): boolean => /^(?=.*\d)(?=.*-)[0-9a-f-]{8,}$/i.test(text.trim())

/** Why Enter cannot use the text, or undefined when it is a name search or an ID. */
function refusal(text: string): string | undefined {
  if (companyIdFrom(text) !== undefined) return undefined
  if (isLink(text)) {
    return 'That link does not name a company: a company link has /companies/ followed by the company ID.'
  }
  if (looksLikeId(text)) {
    const check = checkCompanyId(text)
    if (!check.ok) return check.message
  }
  return undefined
}

export function CompanySearchBox({ search, onSearchChange, onOpenCompany }: CompanySearchBoxProps) {
  const [text, setText] = useState(search)
  const [previous, setPrevious] = useState(search)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  // The URL changed (back button, a link, Clear): show what it says. When it only caught up with
  // the box's own text (the typing delay ran out), the text and any message stay as they are.
  if (search !== previous) {
    setPrevious(search)
    if (search !== text.trim()) {
      setText(search)
      setProblem(undefined)
    }
  }
  // Debounced, so each keystroke does not cost a request; nobody searches names for an ID or a link.
  useEffect(() => {
    const wanted = text.trim()
    if (wanted === search || companyIdFrom(text) !== undefined || isLink(text)) return
    const timer = setTimeout(() => onSearchChange(wanted), 300)
    return () => clearTimeout(timer)
  }, [text, search, onSearchChange])
  const inputId = useId()
  const hintId = useId()
  const problemId = useId()

  const change = (value: string) => {
    setText(value)
    setProblem(undefined)
    // A pasted or typed ID or link opens that company at once.
    const companyId = companyIdFrom(value)
    if (companyId !== undefined) onOpenCompany(companyId)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const companyId = companyIdFrom(text)
    if (companyId !== undefined) return onOpenCompany(companyId)
    const refused = refusal(text)
    setProblem(refused)
    if (refused === undefined) onSearchChange(text.trim())
  }

  return (
    <form
      className="panel company-search"
      role="search"
      aria-label="Companies"
      onSubmit={submit}
      noValidate
    >
      <label htmlFor={inputId}>Search companies</label>
      <div className="row">
        <input
          id={inputId}
          className="grow"
          type="search"
          value={text}
          onChange={(event) => change(event.target.value)}
          placeholder="e.g. zoe bakery, a company ID or a Portal link"
          autoComplete="off"
          spellCheck={false}
          // "/" focuses this field from any screen.
          data-company-search=""
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? `${problemId} ${hintId}` : hintId}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </div>
      <p id={hintId} className="muted hint">
        The Fleet and Codat’s list below show names containing every word, in any order, ignoring
        case and accents. A company ID or a Codat Portal link opens that company.
      </p>
      {problem && (
        <p id={problemId} className="field-error" role="alert">
          <Icon path={WARNING_ICON} />
          <span>{problem}</span>
        </p>
      )}
    </form>
  )
}
