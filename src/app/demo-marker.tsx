// Says plainly that the data is simulated, and lets a demo user start the world afresh.
import { useState } from 'react'
import { ConfirmDialog } from '../components/confirm-dialog'

export function DemoMarker() {
  const [isConfirming, setIsConfirming] = useState(false)
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
      <ConfirmDialog
        open={isConfirming}
        title="Reset the demo?"
        confirmLabel="Reset demo"
        onCancel={() => setIsConfirming(false)}
        onConfirm={() => {
          void import('../mocks/browser').then(({ resetDemoWorld }) => {
            resetDemoWorld()
            window.location.reload()
          })
        }}
      >
        <p>
          Every refresh started in this browser and every simulated fault is forgotten, and the demo
          companies go back to their first state.
        </p>
      </ConfirmDialog>
    </span>
  )
}
