// Says plainly that the data is simulated, and lets a demo user start the world afresh.
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import { ConfirmDialog } from '../components/confirm-dialog.tsx'

export function DemoMarker() {
  const [isConfirming, setIsConfirming] = useState(false)
  const queryClient = useQueryClient()
  const navigate = useNavigate()
  // In place, without reloading the page: a reload could cut off whatever the user does next
  // (a click, a typed address) and would start a second world from storage for nothing.
  const reset = async () => {
    const { resetDemoWorld } = await import('../mocks/browser.ts')
    resetDemoWorld()
    setIsConfirming(false)
    await navigate({ to: '/' })
    // Everything cached came from the old world: drop it and fetch what is on screen afresh.
    await queryClient.resetQueries()
  }
  return (
    <span className="row">
      <span
        className="demo-marker"
        title="No real Codat account is used: a simulated Codat runs in this browser"
      >
        Demo data
      </span>
      <button type="button" className="small" onClick={() => setIsConfirming(true)}>
        Reset demo
      </button>
      {isConfirming && (
        <ConfirmDialog
          title="Reset the demo?"
          confirmLabel="Reset demo"
          onCancel={() => setIsConfirming(false)}
          onConfirm={() => void reset()}
        >
          <p>
            Every refresh started in this browser and every simulated fault is forgotten, and the
            demo companies go back to their first state.
          </p>
        </ConfirmDialog>
      )}
    </span>
  )
}
