// Light/dark theme: follows the system until the user picks one, remembered in the browser.
export type Theme = 'light' | 'dark'

const STORAGE_KEY = 'console.theme'

function storedTheme(): Theme | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return value === 'light' || value === 'dark' ? value : undefined
  } catch {
    return undefined
  }
}

export function currentTheme(): Theme {
  return (
    storedTheme() ??
    (window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')
  )
}

export function applyTheme(theme: Theme, remember = true) {
  document.documentElement.dataset.theme = theme
  if (!remember) return
  try {
    localStorage.setItem(STORAGE_KEY, theme)
  } catch {
    // Storage can be unavailable (private mode); the theme still applies to this page.
  }
}

export function applyStoredTheme() {
  applyTheme(currentTheme(), false)
}
