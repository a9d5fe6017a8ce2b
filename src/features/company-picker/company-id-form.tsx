// Open a company by pasting its ID or a link to it; anything else gets a plain explanation.
import { useId, useState, type FormEvent } from 'react'
import { Icon, WARNING_ICON } from '../../components/icon'
import { companyIdFrom } from '../../lib/company-reference'
import { checkCompanyId, EXAMPLE_COMPANY_ID } from './company-id'

export function CompanyIdForm({ onOpen }: { onOpen: (companyId: string) => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | undefined>(undefined)
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const linked = companyIdFrom(text)
    if (linked !== undefined) return onOpen(linked)
    if (/^\s*https?:\/\//i.test(text)) {
      setError(
        'That link does not name a company: a company link has /companies/ followed by the company ID.',
      )
      return
    }
    const check = checkCompanyId(text)
    if (check.ok) onOpen(check.id)
    else setError(check.message)
  }
  return (
    <form className="picker-form" aria-label="Open a company by ID" onSubmit={submit} noValidate>
      <label htmlFor={inputId}>Company ID</label>
      <div className="row">
        <input
          id={inputId}
          className="mono grow"
          value={text}
          onChange={(event) => {
            setText(event.target.value)
            setError(undefined)
          }}
          placeholder={EXAMPLE_COMPANY_ID}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        />
        <button type="submit">Open</button>
      </div>
      <p id={hintId} className="muted hint">
        Or paste a link to the company from Codat&rsquo;s Portal or this console.
      </p>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          <Icon path={WARNING_ICON} />
          <span>{error}</span>
        </p>
      )}
    </form>
  )
}
