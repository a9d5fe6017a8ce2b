// Entry point: start the in-browser simulation in demo mode, then render the console.
import { StrictMode, type ReactElement } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { applyStoredTheme } from './app/theme.ts'
import './styles.css'

async function startSimulation() {
  // Dead code in live builds: the simulation never ships to production.
  if (!__DEMO__) return
  const { startDemoWorker } = await import('./mocks/browser.ts')
  await startDemoWorker()
}

applyStoredTheme()
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
const render = (element: ReactElement) =>
  createRoot(root).render(<StrictMode>{element}</StrictMode>)

void startSimulation().then(
  () => render(<App />),
  (error: unknown) => {
    console.error('The simulated Codat could not start', error)
    // Without the simulation every call would fail with a confusing network error: say why.
    void import('./app/demo-unavailable.tsx').then(({ DemoUnavailable }) =>
      render(<DemoUnavailable error={error} />),
    )
  },
)
