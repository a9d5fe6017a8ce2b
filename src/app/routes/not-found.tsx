// Shown for any URL the console does not know.
import { Link } from '@tanstack/react-router'

export function NotFound() {
  return (
    <section className="panel">
      <h1>Page not found</h1>
      <p className="muted">This address is not part of the console.</p>
      <Link to="/">Choose a company</Link>
    </section>
  )
}
