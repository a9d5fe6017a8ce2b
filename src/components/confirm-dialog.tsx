// A modal question before an action: the console's modal with Cancel and a confirm button.
import type { ReactNode } from 'react'
import { ModalDialog } from './modal-dialog.tsx'

interface ConfirmDialogProps {
  title: string
  children?: ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <ModalDialog title={title} onClose={onCancel}>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          onConfirm()
        }}
      >
        <div className="dialog-body">{children}</div>
        <div className="row dialog-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
