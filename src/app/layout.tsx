// The frame around every screen: product name, mode marker, theme switch.
import { Link, Outlet } from '@tanstack/react-router'
import { useState } from 'react'
import { applyTheme, currentTheme, type Theme } from './theme'
import { DemoMarker } from './demo-marker'

export function Layout() {
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
