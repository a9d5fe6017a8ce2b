// The frame around every screen: product name, mode marker, zone and theme switches, shortcuts.
import { useQuery } from '@tanstack/react-query'
import { Link, Outlet } from '@tanstack/react-router'
import { useState } from 'react'
import { sessionQuery } from '../api/session.ts'
import { applyTheme, currentTheme, type Theme } from './theme.ts'
import { DemoMarker } from './demo-marker.tsx'
import { ShortcutsHelp } from './shortcuts-help.tsx'
import { TimeZoneSwitch } from './time-zone-switch.tsx'
import { useAppShortcuts } from './use-app-shortcuts.ts'
import './header-controls.css'

export function Layout() {
  useAppShortcuts()
  return (
    <>
      <a className="visually-hidden" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={22} height={22} />
          Codat Refresh Console
        </Link>
        {__DEMO__ && <DemoMarker />}
        <span className="spacer" />
        {!__DEMO__ && <SessionBadge />}
        <TimeZoneSwitch />
        <ShortcutsHelp />
        <ThemeSwitch />
      </header>
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  )
}

function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(currentTheme)
  const next = theme === 'dark' ? 'light' : 'dark'
  return (
    <button
      type="button"
      className="small"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next)
        setTheme(next)
      }}
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  )
}

/** Live mode: who is signed in, with which role, and whether refreshes are switched off. */
function SessionBadge() {
  const session = useQuery(sessionQuery)
  if (!session.data) return null
  const { user, role, readOnly } = session.data
  return (
    <span className="row session" aria-label="Session">
      <span className="badge" data-tone="neutral">
        Live Codat
      </span>
      {user && (
        <span className="muted">
          Signed in as <strong>{user}</strong>
          {role ? ` (${role})` : ''}
        </span>
      )}
      {readOnly && (
        <span className="badge" data-tone="warn" title="CONSOLE_READ_ONLY is set on the server">
          Read-only
        </span>
      )}
    </span>
  )
}
